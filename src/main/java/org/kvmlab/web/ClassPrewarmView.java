package org.kvmlab.web;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.kvmlab.authoring.LabLibrary;
import org.kvmlab.catalog.Lab;
import org.kvmlab.classroom.ClassPrewarming;
import org.kvmlab.classroom.ClassroomException;
import org.kvmlab.classroom.ClassroomService;

/**
 * The Pre-warm part of an instructor's class page: guests of a lab booted ahead of the class's time, and the
 * class's pre-warmings with their pool's live fill. Times are typed and shown in UTC, like every time on the
 * instructor and admin pages.
 */
@Named
@ViewScoped
public class ClassPrewarmView implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    transient ClassPrewarming prewarming;

    @Inject
    transient LabLibrary library;

    @Inject
    transient Times times;

    /** The page's class, whose id the page's parameter gave. */
    @Inject
    ClassView page;

    private String lab;
    private Integer size;
    private LocalDateTime readyAt;
    private LocalDateTime until;
    private transient List<ClassPrewarming.Prewarm> list;

    public List<ClassPrewarming.Prewarm> getReservations() {
        if (list == null) {
            try {
                list = prewarming.of(Pages.caller(), classId());
            } catch (ClassroomException e) {
                list = List.of();
            }
        }
        return list;
    }

    /** The labs that can be started, to choose from. */
    public List<Lab> getLabs() {
        return library.published().stream().filter(Lab::available).toList();
    }

    /** The poll: the fill is read afresh. */
    public void refresh() {
        list = null;
    }

    public void reserve() {
        try {
            ClassPrewarming.Prewarm made = prewarming.reserve(Pages.caller(), classId(), lab,
                    size == null ? 0 : size, utc(readyAt), utc(until));
            Pages.info(made.size() + " guests of " + made.lab() + " will be ready at " + times.minute(made.readyAt())
                    + " and kept until " + times.minute(made.until()) + ". Warming starts a few minutes ahead.");
            size = null;
            readyAt = null;
            until = null;
        } catch (ClassroomException e) {
            Pages.error(e.getMessage());
        }
        list = null;
    }

    public void cancel(long reservationId) {
        try {
            prewarming.cancel(Pages.caller(), classId(), reservationId);
            Pages.info("The pre-warming is cancelled; guests not handed out yet are removed.");
        } catch (ClassroomException e) {
            Pages.error(e.getMessage());
        }
        list = null;
    }

    private long classId() {
        return ClassroomService.classId(page.getId());
    }

    private static java.time.Instant utc(LocalDateTime at) {
        return at == null ? null : at.toInstant(ZoneOffset.UTC);
    }

    public String getLab() {
        return lab;
    }

    public void setLab(String lab) {
        this.lab = lab;
    }

    public Integer getSize() {
        return size;
    }

    public void setSize(Integer size) {
        this.size = size;
    }

    public LocalDateTime getReadyAt() {
        return readyAt;
    }

    public void setReadyAt(LocalDateTime readyAt) {
        this.readyAt = readyAt;
    }

    public LocalDateTime getUntil() {
        return until;
    }

    public void setUntil(LocalDateTime until) {
        this.until = until;
    }
}
