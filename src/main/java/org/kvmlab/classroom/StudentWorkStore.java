package org.kvmlab.classroom;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kvmlab.grading.GradingAttempt;
import org.kvmlab.session.LabSession;
import org.kvmlab.session.SessionStore;
import org.kvmlab.shell.ShellEntry;

/**
 * Reads what learners did (sessions, Checks, reveals, virsh history) for instructors and admins. Only reads:
 * nothing here changes a learner's work, and the session feature's own store stays the learner's.
 */
@ApplicationScoped
@Transactional
public class StudentWorkStore {

    /** Most sessions, attempts and shell lines shown per student or session. */
    static final int MAX_ROWS = 500;
    private static final String LIVE = "(org.kvmlab.session.SessionState.STARTING,"
            + " org.kvmlab.session.SessionState.RUNNING)";

    @PersistenceContext(unitName = "kvmlab")
    EntityManager em;

    /** The session feature's store, for the one query both need (it only reads there too). */
    @jakarta.inject.Inject
    SessionStore sessions;

    /** A hint or solution shown, as stored. */
    public record RevealRow(String stepId, String kind, Instant at) {
    }

    /** The student's sessions, newest first. */
    public List<LabSession> sessionsOf(String username) {
        return em.createNamedQuery("LabSession.allOf", LabSession.class).setParameter("name", username)
                .setMaxResults(MAX_ROWS).getResultList();
    }

    public Optional<LabSession> session(String id) {
        return Optional.ofNullable(id == null ? null : em.find(LabSession.class, id));
    }

    /** Every live session on the platform, oldest first. */
    public List<LabSession> live() {
        return em.createQuery("select s from LabSession s where s.state in " + LIVE + " order by s.createdAt",
                LabSession.class).getResultList();
    }

    /** User name → number of live sessions, for users that have any. */
    public Map<String, Integer> liveCounts() {
        Map<String, Integer> counts = new HashMap<>();
        for (Object[] row : em.createQuery("select s.owner.username, count(s) from LabSession s where s.state in "
                + LIVE + " group by s.owner.username", Object[].class).getResultList()) {
            counts.put((String) row[0], ((Number) row[1]).intValue());
        }
        return counts;
    }

    /** The student's best whole-lab Check per lab: lab id → {best score, max score}. */
    public Map<String, int[]> bestScores(String username) {
        return sessions.bestScores(username);
    }

    /** The session's Checks, newest first. */
    public List<GradingAttempt> attempts(String sessionId) {
        return em.createNamedQuery("GradingAttempt.ofSession", GradingAttempt.class).setParameter("id", sessionId)
                .setMaxResults(MAX_ROWS).getResultList();
    }

    /** Hints and solutions shown in the session, oldest first. */
    public List<RevealRow> reveals(String sessionId) {
        return em.createQuery("select r.stepId, r.kind, r.revealedAt from Reveal r where r.sessionId = :s"
                + " order by r.revealedAt, r.id", Object[].class).setParameter("s", sessionId).getResultList()
                .stream().map(row -> new RevealRow((String) row[0], row[1].toString(), (Instant) row[2])).toList();
    }

    /** The session's virsh commands, oldest first (the last {@link #MAX_ROWS}). */
    public List<ShellEntry> shell(String sessionId) {
        List<ShellEntry> newestFirst = em.createQuery("select e from ShellEntry e where e.sessionId = :s"
                + " order by e.runAt desc, e.id desc", ShellEntry.class).setParameter("s", sessionId)
                .setMaxResults(MAX_ROWS).getResultList();
        List<ShellEntry> oldestFirst = new ArrayList<>(newestFirst);
        Collections.reverse(oldestFirst);
        return oldestFirst;
    }
}
