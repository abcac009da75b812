package org.kvmlab.session;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.kvmlab.audit.AuditAction;
import org.kvmlab.audit.AuditLog;
import org.kvmlab.authoring.LabLibrary;
import org.kvmlab.catalog.Lab;
import org.kvmlab.catalog.LabGuest;
import org.kvmlab.catalog.LabStep;
import org.kvmlab.grading.CheckOutcome;
import org.kvmlab.grading.GradeReport;
import org.kvmlab.grading.GradingAttempt;
import org.kvmlab.guest.HypervisorException;
import org.kvmlab.config.KvmlabConfig;
import org.kvmlab.hosts.BootQueue;
import org.kvmlab.hosts.Demand;
import org.kvmlab.hosts.Host;
import org.kvmlab.hosts.HostSettings;
import org.kvmlab.hosts.Hosts;
import org.kvmlab.hosts.Placement;
import org.kvmlab.observability.KvmlabMetrics;
import org.kvmlab.pool.PoolService;
import org.kvmlab.platform.Platform;
import org.kvmlab.policy.PolicyRefusal;
import org.kvmlab.xml.XmlException;

/**
 * What a learner does with lab sessions: start, look, edit XML, press power buttons, check, end. Every
 * method takes the caller's user name and only ever finds that user's sessions. Work on one session's
 * guests is serialised; database transactions stay short and never span a hypervisor call.
 */
@ApplicationScoped
public class SessionService {

    private static final Logger LOG = Logger.getLogger(SessionService.class.getName());

    @Inject
    SessionStore store;

    @Inject
    Platform platform;

    @Inject
    LabLibrary library;

    @Inject
    AuditLog audit;

    @Inject
    PoolService pools;

    @Inject
    KvmlabMetrics metrics;

    /** Keep-alive keeps at least this much time on a session the learner is working in. */
    static final Duration KEEP_ALIVE_MARGIN = Duration.ofMinutes(15);

    /** Microseconds, as the database stores them: the page, the API and the guests' metadata agree exactly. */
    private final Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1000));
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    /**
     * Starts a lab: a new session whose guests come from the lab's warm pool (ready at once) or are booted on the
     * host with the most room, when it is their turn in that host's boot queue. Returns at once; the view says
     * where the session is in line and when it should be ready.
     */
    public SessionView start(String username, String labId) {
        Lab lab = library.current(labId)
                .orElseThrow(() -> new SessionException(SessionException.Kind.UNKNOWN, "There is no lab '" + labId
                        + "'."));
        if (!lab.available()) {
            throw new SessionException(SessionException.Kind.CONFLICT, "The lab '" + lab.title() + "' is coming but"
                    + " cannot be started yet: " + lab.coming().orElse("") + ".");
        }
        long began = System.nanoTime();
        Instant now = clock.instant();
        String coldId = UUID.randomUUID().toString();
        Hosts hosts = platform.hosts();
        LabSession session;
        try {
            session = store.create(username, lab.id(), lab.version(), now,
                    now.plus(platform.config().sessionLifetime()), platform.config().maxSessionsPerUser(),
                    live -> {
                        quotas().admitStart(live.stream().map(this::labOf).flatMap(Optional::stream).toList(), lab);
                        Optional<String> pooled = pools.claim(lab);
                        if (pooled.isPresent()) {
                            return new SessionStore.Placed(pooled.get(), hosts.hostOf(pooled.get()).orElseThrow()
                                    .id(), true);
                        }
                        Placement.Choice choice = hosts.place(coldId, Demand.of(lab));
                        return new SessionStore.Placed(coldId, choice.host().orElseThrow(() -> full(lab, choice)), false);
                    });
        } catch (UserQuotas.OverQuota e) {
            hosts.release(coldId);
            audit.record(username, AuditAction.QUOTA_REFUSED, lab.id(), e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            hosts.release(coldId);
            throw e;
        }
        if (session.state() == SessionState.RUNNING) {
            handedOut(username, lab, session, began);
        } else {
            platform.boots().submit(session.id(), session.hostId(), username, BootQueue.Kind.LEARNER,
                    () -> boot(username, lab, session.id()));
        }
        return view(store.find(session.id()).orElseThrow());
    }

    /**
     * No host has room: say so, and when to try again (the soonest a session is due to end). A lab that needs KVM
     * where no host has it is told so: waiting will not help.
     */
    private SessionException full(Lab lab, Placement.Choice choice) {
        if (lab.workspace().requiresKvm() && platform.hosts().all().stream().noneMatch(Host::kvm)) {
            return new SessionException(SessionException.Kind.CONFLICT, "The lab '" + lab.title() + "' needs KVM"
                    + " (hardware virtualisation), and no lab machine here has it working. Please tell your"
                    + " instructor.");
        }
        Instant soonest = store.live().stream().map(LabSession::expiresAt).min(Instant::compareTo)
                .orElse(clock.instant().plus(Duration.ofMinutes(5)));
        long minutes = Math.max(1, (Duration.between(clock.instant(), soonest).toSeconds() + 59) / 60);
        LOG.info(() -> "no host has room for a new session: " + choice.whyNot());
        return new SessionException(SessionException.Kind.BUSY, "All lab machines are full right now, so your lab"
                + " cannot start. Please try again in about " + minutes + (minutes == 1 ? " minute" : " minutes")
                + " (a place frees up when another lab ends).", Duration.ofMinutes(minutes));
    }

    /** A pool guest became this learner's session: its guests learn their new expiry; nothing else changes. */
    private void handedOut(String username, Lab lab, LabSession session, long began) {
        locked(session.id(), () -> {
            try {
                runtime(session).updateExpiry(session.id(), lab, session.expiresAt());
            } catch (RuntimeException | XmlException e) {
                LOG.warning(() -> "could not record the expiry in the pool guests of " + session.id() + ": "
                        + e.getMessage());
            }
            return null;
        });
        Duration took = Duration.ofNanos(System.nanoTime() - began);
        metrics.bootFinished(session.hostId(), lab.id(), took, true, true);
        audit.record(username, AuditAction.GUEST_CREATED, session.id(), "lab " + lab.id() + " v" + lab.version()
                + " from the warm pool on " + session.hostId() + ": " + guestNames(lab));
        LOG.info(() -> username + " started lab " + lab.id() + " as session " + session.id() + " from the warm pool ("
                + took.toMillis() + " ms)");
    }

    /** Boots a queued session's guests, when its turn came; a session cancelled meanwhile is left alone. */
    private void boot(String username, Lab lab, String id) {
        long began = System.nanoTime();
        locked(id, () -> {
            LabSession session = store.find(id).orElse(null);
            if (session == null || session.state() != SessionState.STARTING) {
                return null;
            }
            BootLaps laps;
            try {
                laps = runtime(session).provisionReady(id, lab, session.expiresAt());
            } catch (RuntimeException e) {
                // e.g. the hypervisor refused, or the guest image is missing: nothing is left behind
                platform.hosts().release(id);
                store.finish(id, SessionState.FAILED, clock.instant(), "The lab guest could not be created: "
                        + e.getMessage() + " Please start the lab again in a minute; if it keeps failing, tell your"
                        + " instructor.");
                metrics.bootFinished(session.hostId(), lab.id(), Duration.ofNanos(System.nanoTime() - began), false,
                        false);
                LOG.warning(() -> "session " + id + " could not boot on " + session.hostId() + ": " + e.getMessage());
                return null;
            }
            store.markRunning(id);
            Duration took = Duration.ofNanos(System.nanoTime() - began);
            metrics.bootFinished(session.hostId(), lab.id(), took, true, false);
            audit.record(username, AuditAction.GUEST_CREATED, id, "lab " + lab.id() + " v" + lab.version() + " on "
                    + session.hostId() + ": " + guestNames(lab));
            LOG.info(() -> username + " started lab " + lab.id() + " as session " + id + " on " + session.hostId()
                    + " (" + took.toMillis() + " ms: " + laps + ")");
            return null;
        });
    }

    /** The lab runtime of the host a session's guests run on. */
    public LabRuntime runtime(LabSession session) {
        return runtimeOf(session.id(), session.hostId());
    }

    /** The lab runtime of the host a live session runs on. */
    public LabRuntime runtimeOf(String sessionId) {
        return runtimeOf(sessionId, platform.hosts().hostOf(sessionId).map(Host::id)
                .or(() -> store.find(sessionId).map(LabSession::hostId)).orElse(HostSettings.LOCAL));
    }

    private LabRuntime runtimeOf(String id, String hostId) {
        Host host = platform.hosts().get(hostId).orElseThrow(() -> new SessionException(
                SessionException.Kind.HYPERVISOR, "The machine that ran this lab (" + hostId + ") is no longer"
                + " registered. End the lab and start it again."));
        if (!host.connected()) {
            throw new SessionException(SessionException.Kind.HYPERVISOR, "The machine running this lab (" + hostId
                    + ") is not answering. Please wait a minute; if it stays away, end the lab and start it again.");
        }
        return host.runtime();
    }

    /** The per-person caps on guests, memory, vCPUs and disk. */
    public UserQuotas quotas() {
        KvmlabConfig c = platform.config();
        return new UserQuotas(new UserQuotas.Caps(c.userMaxGuests(), c.userMaxMemoryMiB(), c.userMaxVcpus(),
                c.userMaxDiskGiB()));
    }

    private static String guestNames(Lab lab) {
        return String.join(", ", lab.guests().stream().map(LabGuest::name).toList());
    }

    /**
     * Runs work on one of the learner's live sessions (by session id and its lab version), one piece of work
     * at a time per session: the door other features (the virsh shell) use to act for the learner.
     */
    public <T> T withLiveSession(String username, String id, java.util.function.BiFunction<String, Lab, T> work) {
        LabSession session = live(username, id);
        Lab lab = lab(session);
        keepAlive(session, lab);
        return locked(session.id(), () -> work.apply(session.id(), lab));
    }

    /** The live session's id and lab, without taking its lock (for read-only helpers such as completion). */
    public <T> T peekLiveSession(String username, String id, java.util.function.BiFunction<String, Lab, T> work) {
        LabSession session = live(username, id);
        return work.apply(session.id(), lab(session));
    }

    /**
     * Each step whose solution the learner had shown loses the lab's reveal cost from what it earned (never
     * below zero); the checks themselves keep their verdicts.
     */
    static GradeReport withRevealCost(Lab lab, List<LabStep> steps, GradeReport report, java.util.Map<String, Long> reveals) {
        if (lab.revealCost() == 0) {
            return report;
        }
        int score = 0;
        for (LabStep step : steps) {
            int earned = report.checks().stream().filter(c -> c.stepId().equals(step.id()))
                    .mapToInt(CheckOutcome::earned).sum();
            boolean shown = reveals.getOrDefault(step.id() + "/" + Reveal.Kind.SOLUTION, 0L) > 0;
            score += shown ? Math.max(0, earned - lab.revealCost()) : earned;
        }
        return new GradeReport(score, report.maxScore(), report.checks());
    }

    /** Reveals the step's next hint; returns every hint revealed so far, in order. */
    public List<String> revealHint(String username, String id, String stepId) {
        LabSession session = live(username, id);
        LabStep step = step(lab(session), stepId);
        int shown = hintsShown(session.id(), stepId);
        if (shown < step.hints().size()) {
            store.reveal(session.id(), stepId, Reveal.Kind.HINT, clock.instant());
            shown++;
        }
        return step.hints().subList(0, shown);
    }

    /** The hints the learner revealed in a step so far. */
    public List<String> revealedHints(String username, String id, String stepId) {
        LabSession session = owned(username, id);
        LabStep step = step(lab(session), stepId);
        return step.hints().subList(0, Math.min(step.hints().size(), hintsShown(session.id(), stepId)));
    }

    private int hintsShown(String sessionId, String stepId) {
        return store.reveals(sessionId).getOrDefault(stepId + "/" + Reveal.Kind.HINT, 0L).intValue();
    }

    /** Shows the step's reference solution, recorded (it may cost points, per lab); returns it as text. */
    public String revealSolution(String username, String id, String stepId) {
        LabSession session = live(username, id);
        Lab lab = lab(session);
        LabStep step = step(lab, stepId);
        if (!solutionShown(session.id(), stepId)) {
            store.reveal(session.id(), stepId, Reveal.Kind.SOLUTION, clock.instant());
        }
        return org.kvmlab.catalog.SolutionText.describe(step.solution());
    }

    /** Whether the learner had the step's solution shown (so the page can show it again). */
    public boolean solutionShown(String username, String id, String stepId) {
        return solutionShown(owned(username, id).id(), stepId);
    }

    private boolean solutionShown(String sessionId, String stepId) {
        return store.reveals(sessionId).getOrDefault(stepId + "/" + Reveal.Kind.SOLUTION, 0L) > 0;
    }

    private static LabStep step(Lab lab, String stepId) {
        return lab.step(stepId).orElseThrow(() -> new SessionException(SessionException.Kind.UNKNOWN,
                "This lab has no step '" + stepId + "'."));
    }

    /** Remembers which step the learner is on (ignored when out of range). */
    public void rememberStep(String username, String id, int step) {
        LabSession session = owned(username, id);
        if (step >= 0 && step < lab(session).steps().size()) {
            store.rememberStep(session.id(), step);
        }
    }

    /**
     * Gives the session more time: the full session lifetime from now, but never beyond the longest a session
     * may last from its start.
     */
    public SessionView extend(String username, String id) {
        LabSession session = live(username, id);
        Lab lab = lab(session);
        Instant cap = cap(session, lab);
        Instant until = clock.instant().plus(platform.config().sessionLifetime());
        if (!until.isAfter(session.expiresAt()) || !session.expiresAt().isBefore(cap)) {
            throw new SessionException(SessionException.Kind.CONFLICT, "This session cannot be extended any more:"
                    + " it may last at most " + Duration.between(session.createdAt(), cap).toMinutes() + " minutes.");
        }
        return extendTo(session, lab, until.isAfter(cap) ? cap : until);
    }

    /** The latest a session may end: the lab's longest session, never beyond the platform's. */
    private Instant cap(LabSession session, Lab lab) {
        Duration longest = platform.config().sessionMaxLifetime();
        int labMinutes = lab.workspace().maxMinutes();
        if (labMinutes > 0 && Duration.ofMinutes(labMinutes).compareTo(longest) < 0) {
            longest = Duration.ofMinutes(labMinutes);
        }
        return session.createdAt().plus(longest);
    }

    private SessionView extendTo(LabSession session, Lab lab, Instant until) {
        store.extend(session.id(), until);
        locked(session.id(), () -> {
            try {
                runtime(session).updateExpiry(session.id(), lab, until);
            } catch (RuntimeException | XmlException e) {
                // the database is authoritative; the guests' metadata is the fallback after a lost database
                LOG.warning(() -> "could not record the new expiry in the guests of " + session.id() + ": "
                        + e.getMessage());
            }
            return null;
        });
        return view(store.find(session.id()).orElseThrow());
    }

    /**
     * The learner did something in the session (shell, Apply, power, Check). In a lab with keep-alive, a session
     * with less than {@link #KEEP_ALIVE_MARGIN} (or its whole lifetime, when shorter) left is extended so that
     * much remains, up to the lab's longest session.
     * Returns the session's expiry after that.
     */
    public Instant activity(String username, String id) {
        LabSession session = live(username, id);
        return keepAlive(session, lab(session));
    }

    /** The learner's live session, which the action they are taking keeps alive (see {@link #activity}). */
    LabSession working(String username, String id) {
        LabSession session = live(username, id);
        keepAlive(session, lab(session));
        return session;
    }

    private Instant keepAlive(LabSession session, Lab lab) {
        Duration margin = platform.config().sessionLifetime().compareTo(KEEP_ALIVE_MARGIN) < 0
                ? platform.config().sessionLifetime() : KEEP_ALIVE_MARGIN;
        Instant wanted = clock.instant().plus(margin);
        if (!lab.workspace().keepAlive() || !session.expiresAt().isBefore(wanted)) {
            return session.expiresAt();
        }
        Instant cap = cap(session, lab);
        Instant until = wanted.isAfter(cap) ? cap : wanted;
        if (!until.isAfter(session.expiresAt())) {
            return session.expiresAt();
        }
        LOG.fine(() -> "keep-alive extends session " + session.id() + " to " + until);
        return extendTo(session, lab, until).expiresAt();
    }

    /**
     * Grades one step without recording it, for continuous checking. Never waits: when the session is busy
     * (the learner's own action, or a grading already running), returns empty at once.
     */
    public Optional<GradeReport> preview(String username, String id, String stepId) {
        LabSession session = live(username, id);
        Lab lab = lab(session);
        LabStep step = lab.step(stepId).orElseThrow(() ->
                new SessionException(SessionException.Kind.UNKNOWN, "This lab has no step '" + stepId + "'."));
        ReentrantLock lock = lock(session.id());
        if (!lock.tryLock()) {
            return Optional.empty();
        }
        try {
            GradeReport report = runtime(session).grade(session.id(), List.of(step));
            return Optional.of(withRevealCost(lab, List.of(step), report, store.reveals(session.id())));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Replaces the session's guests with fresh ones; with a step, the reference solutions of every step
     * before it are applied, so the learner starts that step as if they had done the earlier ones.
     * Checks already recorded stay.
     */
    public SessionView reset(String username, String id, String stepId) {
        LabSession session = live(username, id);
        Lab lab = lab(session);
        int before = 0;
        if (stepId != null) {
            before = lab.steps().stream().map(LabStep::id).toList().indexOf(stepId);
            if (before < 0) {
                throw new SessionException(SessionException.Kind.UNKNOWN, "This lab has no step '" + stepId + "'.");
            }
        }
        int solved = before;
        return locked(session.id(), () -> {
            try {
                runtime(session).reset(session.id(), lab, session.expiresAt(), solved);
            } catch (XmlException | PolicyRefusal | RuntimeException e) {
                throw new SessionException(SessionException.Kind.HYPERVISOR, "The fresh guest could not be made"
                        + " ready (" + e.getMessage() + "). Try again, or end the lab and start it anew.", e);
            }
            audit.record(username, AuditAction.GUEST_CREATED, session.id(), "reset to "
                    + (solved == 0 ? "the lab's start" : "step " + (solved + 1)) + ": fresh " + guestNames(lab));
            LOG.info(() -> username + " reset session " + session.id() + (solved == 0 ? ""
                    : " to step " + (solved + 1)));
            return view(store.find(session.id()).orElseThrow());
        });
    }

    /** The learner's progress per lab: their best whole-lab Check. */
    public java.util.Map<String, LabProgress> progress(String username) {
        java.util.Map<String, LabProgress> progress = new java.util.HashMap<>();
        store.bestScores(username).forEach((lab, best) -> progress.put(lab, new LabProgress(lab, best[0], best[1])));
        return progress;
    }

    /** The user's live sessions. */
    public List<SessionView> live(String username) {
        return store.liveOf(username).stream().map(this::view).toList();
    }

    /** The user's recent sessions, live or not. */
    public List<SessionView> recent(String username) {
        return store.allOf(username).stream().map(this::view).toList();
    }

    public SessionView get(String username, String id) {
        return view(owned(username, id));
    }

    public Lab labOf(String username, String id) {
        return lab(owned(username, id));
    }

    public void power(String username, String id, String guest, PowerAction action) {
        LabSession session = working(username, id);
        LabGuest labGuest = guest(session, guest);
        locked(session.id(), () -> hypervisor(() -> {
            runtime(session).power(session.id(), labGuest.name(), action);
            return null;
        }));
    }

    /** Grades one step (or the whole lab when stepId is null) and records the attempt. */
    public GradeReport grade(String username, String id, String stepId) {
        LabSession session = live(username, id);
        Lab lab = lab(session);
        keepAlive(session, lab);
        List<LabStep> steps = stepId == null ? lab.steps() : List.of(lab.step(stepId).orElseThrow(() ->
                new SessionException(SessionException.Kind.UNKNOWN, "This lab has no step '" + stepId + "'.")));
        long began = System.nanoTime();
        GradeReport report = locked(session.id(), () -> runtime(session).grade(session.id(), steps));
        metrics.gradingFinished(Duration.ofNanos(System.nanoTime() - began), steps.stream()
                .anyMatch(step -> step.checks().stream().anyMatch(c -> c.probe().needsRealGuest())));
        report = withRevealCost(lab, steps, report, store.reveals(session.id()));
        store.record(session.id(), stepId, clock.instant(), report);
        return report;
    }

    public List<GradingAttempt> attempts(String username, String id) {
        return store.attempts(owned(username, id).id());
    }

    /** Ends a session: guests destroyed, disks deleted. Ending an ended session is fine. */
    public void end(String username, String id) {
        LabSession session = owned(username, id);
        finish(session.id(), SessionState.ENDED, "Ended by you.", username);
    }

    /** Ends every session whose time is up. */
    /**
     * Ends every session whose time is up. Removing guests waits on QEMU (a second or two each), so with many due at
     * once they are removed {@link #REAP_PARALLELISM} at a time; a session that fails to end is tried again at the
     * next run.
     */
    public int expireDue() {
        List<LabSession> due = store.due(clock.instant());
        java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(REAP_PARALLELISM);
        List<java.util.concurrent.CompletableFuture<Void>> running = new ArrayList<>();
        for (LabSession session : due) {
            slots.acquireUninterruptibly();
            running.add(java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    finish(session.id(), SessionState.EXPIRED, "Your lab time ran out, so its guest was removed.",
                            null);
                    count.incrementAndGet();
                } catch (RuntimeException e) {
                    LOG.warning(() -> "could not end expired session " + session.id() + " (tried again later): "
                            + e.getMessage());
                } finally {
                    slots.release();
                }
            }, platform.executor()));
        }
        running.forEach(java.util.concurrent.CompletableFuture::join);
        return count.get();
    }

    /** Expired sessions removed at once by the reaper. */
    static final int REAP_PARALLELISM = 4;

    /** Ends a live session in a final state, removing its guests; {@code actor} is who did it (null: kvmlab). */
    void finish(String id, SessionState state, String why, String actor) {
        boolean cancelled = platform.boots().cancel(id);
        locked(id, () -> {
            store.find(id).filter(s -> s.state().isLive()).ifPresent(s -> removeGuests(s));
            if (store.finish(id, state, clock.instant(), cancelled ? why + " (before it had started)" : why)) {
                platform.hosts().release(id);
                audit.record(actor, AuditAction.GUEST_REMOVED, id, "session " + state.label() + ": " + why);
                LOG.info(() -> "session " + id + " " + state.label());
            }
            return null;
        });
        locks.remove(id);
    }

    /**
     * Removes a session's guests, disks and network from its host. A host that is not connected keeps them for
     * now: its reconcile removes them when it answers again.
     */
    private void removeGuests(LabSession session) {
        Optional<Host> host = platform.hosts().get(session.hostId());
        if (host.isPresent() && host.get().connected()) {
            host.get().runtime().teardown(session.id());
        } else {
            LOG.warning(() -> "session " + session.id() + " ended while its host " + session.hostId()
                    + " is not connected: its guests go when the host answers again");
        }
    }

    private SessionView view(LabSession session) {
        List<SessionView.GuestView> guests = new ArrayList<>();
        Optional<Lab> lab = labOf(session);
        Optional<BootQueue.Position> waiting = session.state() == SessionState.STARTING
                ? platform.boots().position(session.id()) : Optional.empty();
        for (LabGuest guest : lab.map(Lab::guests).orElse(List.of())) {
            String state = session.state() == SessionState.STARTING ? "starting" : session.state().isLive()
                    ? safeState(session, guest.name()) : "removed";
            guests.add(new SessionView.GuestView(guest.name(), state));
        }
        int place = waiting.map(BootQueue.Position::place).orElse(0);
        String state = place > 0 ? "queued" : session.state().label();
        return new SessionView(session.id(), session.labId(), lab.map(Lab::version).orElse(0),
                session.currentStep(), state, session.expiresAt(), guests, session.note(), place,
                waiting.map(BootQueue.Position::estimatedReadyAt).orElse(null), session.hostId());
    }

    private String safeState(LabSession session, String guest) {
        try {
            return runtime(session).state(session.id(), guest).label();
        } catch (HypervisorException | SessionException e) {
            return "unknown";
        }
    }

    LabSession owned(String username, String id) {
        return store.findOwned(username, id).orElseThrow(() -> new SessionException(SessionException.Kind.NOT_FOUND,
                "There is no such lab session."));
    }

    LabSession live(String username, String id) {
        LabSession session = owned(username, id);
        if (!session.state().isLive()) {
            throw new SessionException(SessionException.Kind.CONFLICT, "This lab session has "
                    + session.state().label() + "; start the lab again to get a new guest.");
        }
        if (session.state() == SessionState.STARTING) {
            throw new SessionException(SessionException.Kind.CONFLICT, "Your lab is still starting: its guest is not"
                    + " ready yet. Wait a moment and try again.");
        }
        return session;
    }

    Lab lab(LabSession session) {
        return labOf(session).orElseThrow(() -> new SessionException(
                SessionException.Kind.UNKNOWN, "The lab '" + session.labId() + "' is no longer available."));
    }

    /** The version the session started with (sessions older than versions use the current one). */
    Optional<Lab> labOf(LabSession session) {
        return session.labVersion().map(v -> library.version(session.labId(), v))
                .orElseGet(() -> library.current(session.labId()));
    }

    LabGuest guest(LabSession session, String name) {
        return Optional.ofNullable(name).flatMap(lab(session)::guest).orElseThrow(() -> new SessionException(
                SessionException.Kind.UNKNOWN, "This lab has no guest '" + name + "'."));
    }

    /** Now, as sessions record it (microseconds). */
    Instant now() {
        return clock.instant();
    }

    /** Forgets a session's lock: the session is over and nothing works on it any more. */
    void forget(String id) {
        locks.remove(id);
    }

    private ReentrantLock lock(String id) {
        return locks.computeIfAbsent(id, k -> new ReentrantLock());
    }

    <T> T locked(String id, Supplier<T> work) {
        ReentrantLock lock = lock(id);
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /** Work on a session that judges learner input, and so may refuse it. */
    interface JudgedWork<T> {
        T run() throws XmlException, PolicyRefusal;
    }

    /** {@link #locked} for work that may refuse the learner's input. */
    <T> T lockedJudged(String id, JudgedWork<T> work) throws XmlException, PolicyRefusal {
        ReentrantLock lock = lock(id);
        lock.lock();
        try {
            return work.run();
        } finally {
            lock.unlock();
        }
    }

    static <T> T hypervisor(Supplier<T> work) {
        try {
            return work.get();
        } catch (HypervisorException e) {
            throw hypervisorFailure(e);
        }
    }

    static SessionException hypervisorFailure(HypervisorException e) {
        return switch (e.reason()) {
            case INVALID_STATE -> new SessionException(SessionException.Kind.CONFLICT, "That does not fit the"
                    + " guest's current state (" + libvirtDetail(e) + ").", e);
            case NOT_FOUND -> new SessionException(SessionException.Kind.CONFLICT, "The guest no longer exists."
                    + " End the lab and start it again.", e);
            case AGENT_UNAVAILABLE -> new SessionException(SessionException.Kind.CONFLICT, "The guest agent is not"
                    + " answering yet; wait until the guest has booted and try again.", e);
            default -> new SessionException(SessionException.Kind.HYPERVISOR, "The hypervisor could not do that"
                    + " right now (" + libvirtDetail(e) + "). Try again in a moment.", e);
        };
    }

    /** libvirt's own words, without our "operation name:" prefix. */
    static String libvirtDetail(HypervisorException e) {
        String message = e.getMessage();
        int colon = message.indexOf(": ");
        return colon < 0 ? message : message.substring(colon + 2);
    }

    /**
     * An admin ends someone else's live session: guests destroyed, disks deleted, results kept; the learner
     * reads who ended it. Whether the caller may do this is the admin feature's rule, not this class's.
     * Returns the session's owner.
     */
    public String endAsAdmin(String admin, String id) {
        LabSession session = store.find(id).orElseThrow(() -> new SessionException(SessionException.Kind.NOT_FOUND,
                "There is no such lab session."));
        if (!session.state().isLive()) {
            throw new SessionException(SessionException.Kind.CONFLICT, "This lab session is no longer running"
                    + " (its state is " + session.state().label() + ").");
        }
        finish(session.id(), SessionState.ENDED, "Ended by an administrator (" + admin + ").", admin);
        return session.owner().username();
    }
}
