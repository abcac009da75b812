package org.kvmlab.web;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import org.kvmlab.classroom.ClassSummary;
import org.kvmlab.classroom.ClassroomException;
import org.kvmlab.classroom.ClassroomService;

/** The Teach page: the instructor's classes (an admin's: all), with their join codes, and a new class. */
@Named
@ViewScoped
public class ClassesView implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    transient ClassroomService classes;

    private String name;
    private transient List<ClassSummary> list;

    public List<ClassSummary> getClasses() {
        if (list == null) {
            try {
                list = classes.classesOf(Pages.caller());
            } catch (ClassroomException e) {
                list = List.of();
                Pages.error(e.getMessage());
            }
        }
        return list;
    }

    public void create() {
        try {
            ClassSummary created = classes.create(Pages.caller(), name);
            Pages.info("Class '" + created.name() + "' is ready. Its join code is " + created.code()
                    + ": students type it on their Labs page, under Join a class.");
            name = null;
            list = null;
        } catch (ClassroomException e) {
            Pages.error(e.getMessage());
        }
    }

    public void renewCode(long id) {
        try {
            ClassSummary renewed = classes.renewCode(Pages.caller(), id);
            Pages.info("The new join code of '" + renewed.name() + "' is " + renewed.code()
                    + ". The old one no longer works; students already in the class stay.");
            list = null;
        } catch (ClassroomException e) {
            Pages.error(e.getMessage());
        }
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }
}
