package org.kvmlab.web;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import org.kvmlab.admin.AdminException;
import org.kvmlab.admin.AdminSessions;
import org.kvmlab.session.SessionException;

/** The admin's view of every running lab on the platform, each of which they may end. */
@Named
@ViewScoped
public class AdminSessionsView implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    transient AdminSessions sessions;

    private transient List<AdminSessions.LiveSession> live;

    public List<AdminSessions.LiveSession> getLive() {
        if (live == null) {
            try {
                live = sessions.live(Pages.caller());
            } catch (AdminException e) {
                live = List.of();
                Pages.error(e.getMessage());
            }
        }
        return live;
    }

    public void end(String id) {
        try {
            sessions.end(Pages.caller(), id);
            Pages.info("The session is ended: its guests and disks are removed; the learner's results are kept.");
        } catch (AdminException | SessionException e) {
            Pages.error(e.getMessage());
        }
        live = null;
    }
}
