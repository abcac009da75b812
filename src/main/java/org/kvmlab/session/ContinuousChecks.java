package org.kvmlab.session;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.logging.Logger;
import org.kvmlab.catalog.Lab;
import org.kvmlab.grading.GradeReport;

/**
 * Continuous checking, for labs that ask for it: while a learner's lab page is open, the current step's checks
 * run in the background and the page shows the newest result. It never hammers libvirt: a session is graded at
 * most once every {@link #INTERVAL}, never while another grading or one of the learner's own actions runs on it,
 * and at most {@link #MAX_RUNNING} background gradings run on the whole platform. These results are previews:
 * only Check records an attempt.
 */
@ApplicationScoped
public class ContinuousChecks {

    private static final Logger LOG = Logger.getLogger(ContinuousChecks.class.getName());
    static final Duration INTERVAL = Duration.ofSeconds(5);
    static final int MAX_RUNNING = 2;
    private static final Duration FORGET_AFTER = Duration.ofMinutes(10);

    /** The newest background result of a session, for one step. */
    public record Latest(String stepId, GradeReport report, Instant at) {
    }

    @Inject
    SessionService sessions;

    @Resource
    ManagedExecutorService executor;

    private final Clock clock = Clock.systemUTC();
    private final Semaphore slots = new Semaphore(MAX_RUNNING);
    private final ConcurrentHashMap<String, Latest> latest = new ConcurrentHashMap<>();
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    /**
     * The newest result for this step of the learner's session, if any; starts a fresh background grading when
     * the last one is older than {@link #INTERVAL}. Returns at once. Empty for labs without continuous checking.
     *
     * @throws SessionException when the session is not the learner's, or has ended
     */
    public Optional<Latest> poll(String username, String sessionId, String stepId) {
        Lab lab = sessions.labOf(username, sessionId);
        if (!lab.workspace().continuousChecking() || lab.step(stepId).isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        latest.values().removeIf(l -> l.at().isBefore(now.minus(FORGET_AFTER)));
        Latest last = latest.get(sessionId);
        boolean fresh = last != null && last.stepId().equals(stepId) && last.at().isAfter(now.minus(INTERVAL));
        if (!fresh && running.add(sessionId)) {
            if (slots.tryAcquire()) {
                try {
                    executor.submit(() -> grade(username, sessionId, stepId));
                } catch (RejectedExecutionException e) {
                    slots.release();
                    running.remove(sessionId);
                }
            } else {
                running.remove(sessionId);
            }
        }
        return Optional.ofNullable(last).filter(l -> l.stepId().equals(stepId));
    }

    private void grade(String username, String sessionId, String stepId) {
        try {
            sessions.preview(username, sessionId, stepId)
                    .ifPresent(report -> latest.put(sessionId, new Latest(stepId, report, clock.instant())));
        } catch (RuntimeException e) {
            LOG.fine(() -> "background check of " + sessionId + " skipped: " + e.getMessage());
        } finally {
            slots.release();
            running.remove(sessionId);
        }
    }
}
