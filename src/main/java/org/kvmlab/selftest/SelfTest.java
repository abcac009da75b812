package org.kvmlab.selftest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.kvmlab.catalog.Lab;
import org.kvmlab.catalog.LabCheck;
import org.kvmlab.catalog.LabGuest;
import org.kvmlab.catalog.LabStep;
import org.kvmlab.catalog.SolutionOperation;
import org.kvmlab.grading.CheckOutcome;
import org.kvmlab.grading.CheckOutcome.Status;
import org.kvmlab.grading.GradeReport;
import org.kvmlab.session.LabRuntime;

/**
 * Proves a lab on a fresh real guest, the way a student would meet it: on the untouched guest every check
 * must fail (or pass, when the lab says {@code passesAtStart} and why); after each step's reference solution
 * that step's checks must pass, checked again for a while as a student would press Check while the guest
 * boots; at the end no guest and no disk may be left. Grading only reads, so the start verdicts do not
 * disturb the run.
 */
public final class SelfTest {

    private static final Duration AGENT_WAIT = Duration.ofSeconds(90);
    private static final Duration STEP_WAIT = Duration.ofSeconds(180);
    private static final Duration POLL = Duration.ofSeconds(2);

    private final LabRuntime runtime;
    private final Consumer<String> progress;

    /** @param progress receives a line for each thing the test starts doing */
    public SelfTest(LabRuntime runtime, Consumer<String> progress) {
        this.runtime = runtime;
        this.progress = progress;
    }

    public SelfTestReport run(Lab lab) {
        long started = System.nanoTime();
        String session = UUID.randomUUID().toString();
        Map<String, SelfTestReport.Row> rows = new LinkedHashMap<>();
        String failure = null;
        try {
            progress.accept("booting " + guestNames(lab) + " on a fresh overlay");
            runtime.provision(session, lab, Instant.now().plus(Duration.ofMinutes(30)));
            awaitAgents(session, lab);
            progress.accept("grading the untouched guest");
            for (CheckOutcome o : runtime.grade(session, lab.steps()).checks()) {
                rows.put(o.checkId(), startRow(lab, o));
            }
            for (LabStep step : lab.steps()) {
                progress.accept("step " + step.id() + ": applying the reference solution (" + step.solution().size()
                        + " operation" + (step.solution().size() == 1 ? "" : "s") + ")");
                runtime.applySolution(session, lab, step);
                progress.accept("step " + step.id() + ": checking until its " + step.checks().size() + " checks pass");
                for (CheckOutcome o : awaitStep(session, step).checks()) {
                    rows.computeIfPresent(o.checkId(), (id, r) -> afterRow(r, o));
                }
            }
        } catch (Exception e) {
            failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            progress.accept("stopped: " + failure);
        } finally {
            progress.accept("removing the guest and its disks");
            runtime.teardown(session);
        }
        List<String> leftovers = new ArrayList<>(runtime.leftovers(session));
        return new SelfTestReport(lab.id(), new ArrayList<>(rows.values()), leftovers, failure,
                Duration.ofNanos(System.nanoTime() - started));
    }

    private void awaitAgents(String session, Lab lab) {
        boolean agentChecks = lab.checks().stream().anyMatch(c -> c.probe().needsRealGuest());
        for (LabGuest guest : lab.guests()) {
            if (agentChecks && guest.platformAgentChannel()) {
                progress.accept("waiting for the guest agent of " + guest.name());
                if (!runtime.awaitAgent(session, guest.name(), AGENT_WAIT)) {
                    throw new IllegalStateException("the guest agent of " + guest.name() + " did not answer within "
                            + AGENT_WAIT.toSeconds() + " s");
                }
            }
        }
    }

    /**
     * Grades the step until all its checks pass or the wait is over; returns the last report. Checks of the
     * stored configuration are decided at once; only checks that read the running guest are given time.
     */
    private GradeReport awaitStep(String session, LabStep step) throws InterruptedException {
        boolean settles = step.checks().stream().anyMatch(c -> c.probe().readsRunningGuest())
                || step.solution().stream().anyMatch(op -> op instanceof SolutionOperation.Power);
        long deadline = System.nanoTime() + (settles ? STEP_WAIT.toNanos() : 0);
        GradeReport report = runtime.grade(session, List.of(step));
        while (!report.allPassed() && System.nanoTime() < deadline) {
            Thread.sleep(POLL.toMillis());
            report = runtime.grade(session, List.of(step));
        }
        return report;
    }

    private static SelfTestReport.Row startRow(Lab lab, CheckOutcome o) {
        LabCheck check = lab.checks().stream().filter(c -> c.id().equals(o.checkId())).findFirst().orElseThrow();
        boolean expectPass = check.passesAtStart().isPresent();
        boolean ok = expectPass ? o.status() == Status.PASSED : o.status() != Status.PASSED;
        String message = ok ? null : expectPass
                ? "marked passesAtStart, but on the untouched guest: " + o.message()
                : "passes on the untouched guest: it does not test the practice (or mark it passesAtStart with a reason)";
        return new SelfTestReport.Row(o.stepId(), o.checkId(), expectPass, word(o.status()), ok, null, false,
                message);
    }

    private static SelfTestReport.Row afterRow(SelfTestReport.Row r, CheckOutcome o) {
        boolean ok = o.status() == Status.PASSED;
        String message = r.message() != null ? r.message()
                : ok ? null : "after the reference solution: " + o.message();
        return new SelfTestReport.Row(r.step(), r.check(), r.passesAtStart(), r.start(), r.startOk(),
                word(o.status()), ok, message);
    }

    private static String word(Status status) {
        return status.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String guestNames(Lab lab) {
        return String.join(", ", lab.guests().stream().map(LabGuest::name).toList());
    }
}
