package org.kvmlab.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.kvmlab.audit.AuditAction;
import org.kvmlab.audit.AuditLog;
import org.kvmlab.classroom.StudentSession;
import org.kvmlab.classroom.StudentWorkService;
import org.kvmlab.classroom.StudentWorkStore;
import org.kvmlab.session.LabSession;
import org.kvmlab.session.SessionException;
import org.kvmlab.session.SessionService;

/**
 * An admin's hand on learners' running labs: every live session on the platform, and ending one (its guests
 * and disks removed, its results kept), the only change anyone makes to another person's work.
 */
@ApplicationScoped
public class AdminSessions {

    @Inject
    AccountAdmin accounts;

    @Inject
    StudentWorkStore work;

    @Inject
    StudentWorkService describe;

    @Inject
    SessionService sessions;

    @Inject
    AuditLog audit;

    /** A live session and whose it is. */
    public record LiveSession(String owner, StudentSession session) {
    }

    public List<LiveSession> live(String admin) {
        accounts.requireAdmin(admin);
        return work.live().stream().map(s -> new LiveSession(s.owner().username(), describe.describe(s))).toList();
    }

    /**
     * Ends someone's live session, recorded with whose it was.
     *
     * @throws SessionException NOT_FOUND when there is no such session, CONFLICT when it is no longer live
     */
    public void end(String admin, String sessionId) {
        accounts.requireAdmin(admin);
        LabSession session = work.session(sessionId).orElseThrow(() -> new SessionException(
                SessionException.Kind.NOT_FOUND, "There is no such lab session."));
        String owner = sessions.endAsAdmin(admin, session.id());
        audit.record(admin, AuditAction.ADMIN_ACTION, session.id(), "ended the live session of " + owner + " (lab "
                + session.labId() + ")");
    }
}
