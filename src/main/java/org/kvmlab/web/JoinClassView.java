package org.kvmlab.web;

import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.io.Serializable;
import java.util.List;
import org.kvmlab.classroom.ClassSummary;
import org.kvmlab.classroom.ClassroomException;
import org.kvmlab.classroom.ClassroomService;

/** On the catalog: a student joins a class with its code, sees the classes they are in, and may leave one. */
@Named
@ViewScoped
public class JoinClassView implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    transient ClassroomService classes;

    private String code;
    /** The outcome of the last join or leave, shown in the form itself (not among the catalog's messages). */
    private String message;
    private boolean failed;
    private transient List<ClassSummary> joined;

    public List<ClassSummary> getClasses() {
        if (joined == null) {
            try {
                joined = classes.classesOf(Pages.caller());
            } catch (ClassroomException e) {
                joined = List.of();
            }
        }
        return joined;
    }

    public void join() {
        HttpServletRequest request = (HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext()
                .getRequest();
        try {
            ClassroomService.Joined result = classes.join(Pages.caller(), code, request.getRemoteAddr());
            say(false, result.alreadyMember() ? "You are already in '" + result.classroom().name() + "'."
                    : "You joined '" + result.classroom().name() + "' (" + result.classroom().instructor()
                    + "). Your instructor can now see your lab sessions and Checks.");
            code = null;
            joined = null;
        } catch (ClassroomException e) {
            say(true, e.getMessage());
        }
    }

    public void leave(long id) {
        try {
            classes.leave(Pages.caller(), id);
            say(false, "You left the class. Its instructor no longer sees your work.");
        } catch (ClassroomException e) {
            say(true, e.getMessage());
        }
        joined = null;
    }

    private void say(boolean failure, String text) {
        failed = failure;
        message = text;
    }

    public String getMessage() {
        return message;
    }

    public boolean isFailed() {
        return failed;
    }

    public String getCode() {
        return code;
    }

    public void setCode(String code) {
        this.code = code;
    }
}
