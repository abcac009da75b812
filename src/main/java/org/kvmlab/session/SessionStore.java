package org.kvmlab.session;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.kvmlab.grading.GradeReport;
import org.kvmlab.grading.GradingAttempt;
import org.kvmlab.identity.UserAccount;

/** Sessions and grading attempts in the database; each method is one short transaction. */
@ApplicationScoped
@Transactional
public class SessionStore {

    @PersistenceContext(unitName = "kvmlab")
    EntityManager em;

    /** Where a new session's guests are: a host chosen for a cold start, or a pool guest handed out (ready). */
    public record Placed(String id, String hostId, boolean ready) {
    }

    /**
     * Creates a session, refusing when the user is at their cap or already runs this lab. The {@code admission}
     * sees the user's live sessions while their account row is locked, so two starts at once cannot both slip under
     * a quota; it throws to refuse, or says where the session's guests are. A session placed for a cold start is
     * STARTING; one that took a ready pool guest is RUNNING at once.
     */
    public LabSession create(String username, String labId, int labVersion, Instant now, Instant expiresAt,
                             int cap, java.util.function.Function<List<LabSession>, Placed> admission) {
        UserAccount owner = em.createNamedQuery("UserAccount.byName", UserAccount.class)
                .setParameter("name", username).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream().findFirst()
                .orElseThrow(() -> new SessionException(SessionException.Kind.NOT_FOUND, "Unknown user."));
        List<LabSession> live = liveOf(username);
        for (LabSession s : live) {
            if (s.labId().equals(labId)) {
                throw new SessionException(SessionException.Kind.CONFLICT, "You already have this lab running"
                        + " (session " + s.id() + "). Resume it, or end it before starting again.");
            }
        }
        if (live.size() >= cap) {
            throw new UserQuotas.OverQuota(live.size() == 1
                    ? "You already have a lab running (" + live.get(0).labId() + "), and one lab at a time is"
                            + " allowed. End it before starting another; your results there are kept."
                    : "You already have " + live.size() + " labs running, the most allowed at once. End one of"
                            + " them first; your results there are kept.");
        }
        Placed placed = admission.apply(live);
        LabSession session = new LabSession(placed.id(), owner, labId, labVersion, now, expiresAt, placed.hostId(),
                placed.ready() ? SessionState.RUNNING : SessionState.STARTING);
        em.persist(session);
        return session;
    }

    public List<LabSession> liveOf(String username) {
        return em.createNamedQuery("LabSession.liveOf", LabSession.class).setParameter("name", username)
                .getResultList();
    }

    public List<LabSession> allOf(String username) {
        return em.createNamedQuery("LabSession.allOf", LabSession.class).setParameter("name", username)
                .setMaxResults(100).getResultList();
    }

    public Optional<LabSession> find(String id) {
        return Optional.ofNullable(id == null ? null : em.find(LabSession.class, id));
    }

    /** The session when it exists and belongs to this user; empty otherwise (no hint which). */
    public Optional<LabSession> findOwned(String username, String id) {
        return find(id).filter(s -> s.owner().username().equals(username));
    }

    public void reveal(String sessionId, String stepId, Reveal.Kind kind, Instant at) {
        em.persist(new Reveal(sessionId, stepId, kind, at));
    }

    /** How many of each kind were revealed per step: "step/KIND" → count. */
    public java.util.Map<String, Long> reveals(String sessionId) {
        java.util.Map<String, Long> counts = new java.util.HashMap<>();
        for (Object[] row : em.createQuery("select r.stepId, r.kind, count(r) from Reveal r where r.sessionId = :s"
                + " group by r.stepId, r.kind", Object[].class).setParameter("s", sessionId).getResultList()) {
            counts.put(row[0] + "/" + row[1], ((Number) row[2]).longValue());
        }
        return counts;
    }

    public void rememberStep(String id, int step) {
        find(id).ifPresent(s -> s.rememberStep(step));
    }

    public void extend(String id, Instant until) {
        find(id).ifPresent(s -> s.extendTo(until));
    }

    public void markRunning(String id) {
        find(id).ifPresent(LabSession::markRunning);
    }

    /** Finishes a live session; returns false when it had already finished. */
    public boolean finish(String id, SessionState state, Instant at, String why) {
        LabSession session = em.find(LabSession.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (session == null || !session.state().isLive()) {
            return false;
        }
        session.finish(state, at, why);
        return true;
    }

    public List<LabSession> live() {
        return em.createNamedQuery("LabSession.live", LabSession.class).getResultList();
    }

    public List<LabSession> due(Instant now) {
        return em.createNamedQuery("LabSession.due", LabSession.class).setParameter("now", now).getResultList();
    }

    public GradingAttempt record(String sessionId, String stepId, Instant at, GradeReport report) {
        GradingAttempt attempt = new GradingAttempt(em.find(LabSession.class, sessionId), stepId, at, report);
        em.persist(attempt);
        return attempt;
    }

    /** The learner's best whole-lab Check per lab: lab id → {best score, max score}. */
    public java.util.Map<String, int[]> bestScores(String username) {
        java.util.Map<String, int[]> best = new java.util.HashMap<>();
        for (Object[] row : em.createQuery("select a.session.labId, max(a.score), max(a.maxScore) from GradingAttempt a"
                        + " where a.session.owner.username = :name and a.stepId is null group by a.session.labId",
                Object[].class).setParameter("name", username).getResultList()) {
            best.put((String) row[0], new int[] {((Number) row[1]).intValue(), ((Number) row[2]).intValue()});
        }
        return best;
    }

    public List<GradingAttempt> attempts(String sessionId) {
        return em.createNamedQuery("GradingAttempt.ofSession", GradingAttempt.class).setParameter("id", sessionId)
                .setMaxResults(200).getResultList();
    }
}
