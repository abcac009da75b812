package org.kvmlab.web;

import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import org.kvmlab.admin.AdminException;
import org.kvmlab.admin.AdminSessions;
import org.kvmlab.classroom.ClassroomException;
import org.kvmlab.classroom.ClassroomService;
import org.kvmlab.classroom.SessionWork;
import org.kvmlab.classroom.StudentWork;
import org.kvmlab.classroom.StudentWorkService;
import org.kvmlab.session.SessionException;

/**
 * A student of one of the instructor's classes: their sessions and best scores, and for the session picked,
 * every Check with each check's result, the hints and solutions they revealed, and their virsh history. Read
 * only; an admin may also end a live session here. A student outside the caller's classes is not found.
 */
@Named
@ViewScoped
public class StudentView implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    transient StudentWorkService work;

    @Inject
    transient ClassroomService classes;

    @Inject
    transient AdminSessions adminSessions;

    private String classId;
    private String username;
    private String sessionId;
    private String className;
    private boolean notFound;
    private boolean sessionNotFound;
    private transient StudentWork student;
    private transient SessionWork selected;

    /** Runs when the page opens (f:viewAction). */
    public void open() {
        try {
            long id = ClassroomService.classId(classId);
            student = work.student(Pages.caller(), id, username);
            className = classes.taught(Pages.caller(), id).name();
            if (sessionId == null && !student.sessions().isEmpty()) {
                sessionId = student.sessions().get(0).id();
            }
            selected = sessionId == null ? null : work.session(Pages.caller(), id, username, sessionId);
        } catch (ClassroomException e) {
            if (student == null) {
                notFound = true;
            } else {
                sessionNotFound = true;
            }
        }
    }

    public StudentWork getStudent() {
        if (student == null && !notFound) {
            open();
        }
        return student;
    }

    public SessionWork getSelected() {
        if (selected == null && student == null && !notFound) {
            open();
        }
        return selected;
    }

    /** Admins only: ends the student's live session (guests removed, results kept). */
    public void end(String id) {
        try {
            adminSessions.end(Pages.caller(), id);
            Pages.info("The session is ended: its guests and disks are removed; the student's results are kept.");
        } catch (AdminException | SessionException e) {
            Pages.error(e.getMessage());
        }
        student = null;
        selected = null;
        open();
    }

    public boolean isAdmin() {
        return FacesContext.getCurrentInstance().getExternalContext().isUserInRole("admin");
    }

    public boolean isNotFound() {
        return notFound;
    }

    public boolean isSessionNotFound() {
        return sessionNotFound;
    }

    public String getClassName() {
        return className;
    }

    public String getClassId() {
        return classId;
    }

    public void setClassId(String classId) {
        this.classId = classId;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getSessionId() {
        return sessionId;
    }

    public void setSessionId(String sessionId) {
        this.sessionId = sessionId;
    }
}
