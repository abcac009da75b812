package org.kvmlab.web;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import org.kvmlab.classroom.ClassDetail;
import org.kvmlab.classroom.ClassroomException;
import org.kvmlab.classroom.ClassroomService;

/**
 * One class for its instructor (or an admin): its join code and its students. A class that is not the
 * caller's shows as not found, like one that does not exist.
 */
@Named
@ViewScoped
public class ClassView implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    transient ClassroomService classes;

    private String id;
    private boolean notFound;
    private transient ClassDetail detail;

    /** Runs when the page opens (f:viewAction). */
    public void open() {
        try {
            detail = classes.get(Pages.caller(), classId());
            notFound = detail.code() == null; // a student in the class: this page is for its instructor
        } catch (ClassroomException e) {
            notFound = true;
        }
    }

    public ClassDetail getDetail() {
        if (detail == null && !notFound) {
            open();
        }
        return detail;
    }

    public void renewCode() {
        try {
            String code = classes.renewCode(Pages.caller(), classId()).code();
            detail = null;
            Pages.info("The new join code is " + code + ". The old one no longer works; students already in the"
                    + " class stay.");
        } catch (ClassroomException e) {
            Pages.error(e.getMessage());
        }
    }

    public void remove(String username) {
        try {
            classes.removeMember(Pages.caller(), classId(), username);
            detail = null;
            Pages.info(username + " is no longer in this class. Their work is kept; they can join again with the"
                    + " code.");
        } catch (ClassroomException e) {
            Pages.error(e.getMessage());
        }
    }

    /** Deletes the class and goes back to the list of classes. */
    public void delete() {
        try {
            String name = getDetail().name();
            classes.delete(Pages.caller(), classId());
            Pages.info("The class '" + name + "' is deleted. Its students keep their accounts and their work.");
            // the message shows on the page redirected to
            jakarta.faces.context.FacesContext.getCurrentInstance().getExternalContext().getFlash()
                    .setKeepMessages(true);
            Pages.redirect("/teach/classes.xhtml");
        } catch (ClassroomException e) {
            Pages.error(e.getMessage());
        }
    }

    private long classId() {
        return ClassroomService.classId(id);
    }

    public boolean isNotFound() {
        return notFound;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }
}
