package org.kvmlab.web;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kvmlab.authoring.LabLibrary;
import org.kvmlab.catalog.Lab;
import org.kvmlab.session.LabProgress;
import org.kvmlab.platform.Platform;
import org.kvmlab.session.SessionException;
import org.kvmlab.session.SessionService;
import org.kvmlab.session.SessionView;

/** The lab catalog with the learner's running labs and past sessions. */
@Named
@ViewScoped
public class CatalogView implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    transient Platform platform;

    @Inject
    transient SessionService sessions;

    private transient List<SessionView> recent;

    @Inject
    transient LabLibrary library;

    private transient List<Lab> labs;
    private transient Map<String, LabProgress> progress;

    public List<Lab> getLabs() {
        if (labs == null) {
            labs = library.published();
        }
        return labs;
    }

    /** Lab id → the learner's best whole-lab Check. */
    public Map<String, LabProgress> getProgress() {
        if (progress == null) {
            progress = sessions.progress(Pages.caller());
        }
        return progress;
    }

    public List<SessionView> getRecent() {
        if (recent == null) {
            recent = sessions.recent(Pages.caller());
        }
        return recent;
    }

    /** Lab id → id of the learner's live session of it. */
    public Map<String, String> getLiveByLab() {
        Map<String, String> live = new HashMap<>();
        for (SessionView s : getRecent()) {
            if (s.live()) {
                live.put(s.lab(), s.id());
            }
        }
        return live;
    }

    /** "42 min left" for a live session. */
    public String timeLeft(SessionView session) {
        long minutes = java.time.Duration.between(java.time.Instant.now(), session.expiresAt()).toMinutes();
        return minutes < 1 ? "less than a minute left" : minutes + " min left";
    }

    public String titleOf(String labId) {
        return getLabs().stream().filter(l -> l.id().equals(labId)).map(Lab::title).findFirst().orElse(labId);
    }

    public void start(String labId) {
        try {
            SessionView session = sessions.start(Pages.caller(), labId);
            Pages.redirect("/lab.xhtml?s=" + session.id());
        } catch (SessionException e) {
            recent = null;
            Pages.error(e.getMessage());
        }
    }
}
