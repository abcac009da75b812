package org.kvmlab.tools;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.kvmlab.catalog.Lab;
import org.kvmlab.catalog.LabGuest;
import org.kvmlab.catalog.LabStep;
import org.kvmlab.grading.CheckOutcome;
import org.kvmlab.grading.GradeReport;
import org.kvmlab.policy.PolicyRefusal;
import org.kvmlab.session.LabRuntime;
import org.kvmlab.session.PowerAction;
import org.kvmlab.xml.XmlException;

/**
 * Times one lab session on real guests the way a learner meets it: start until the guest agents answer, a full
 * Check of the untouched guest, the reference solutions, a power cycle until the agents answer again, and a
 * full Check of the solved lab. The power cycle starts only once the solutions' own power actions have settled,
 * so it times one clean shutdown and boot. Removing the session is the caller's job, whatever happens here.
 */
final class LabBench {

    private static final Duration AGENT_WAIT = Duration.ofSeconds(120);
    private static final Duration SESSION_LIFETIME = Duration.ofMinutes(30);

    private final LabRuntime runtime;
    private final Consumer<String> progress;

    /** @param progress receives a line for each thing a round starts doing */
    LabBench(LabRuntime runtime, Consumer<String> progress) {
        this.runtime = runtime;
        this.progress = progress;
    }

    /** The guests a round can time: those with the platform's guest agent channel. */
    static List<LabGuest> timedGuests(Lab lab) {
        return lab.guests().stream().filter(LabGuest::platformAgentChannel).toList();
    }

    /** @throws IllegalStateException when a guest agent does not answer or the solved lab does not pass */
    BenchRound round(String session, Lab lab) throws XmlException, PolicyRefusal {
        Map<BenchFigure, Duration> times = new EnumMap<>(BenchFigure.class);
        progress.accept("starting the session");
        long started = System.nanoTime();
        runtime.provision(session, lab, Instant.now().plus(SESSION_LIFETIME));
        awaitAgents(session, lab, "after the start");
        times.put(BenchFigure.START_TO_AGENT, since(started));

        long checked = System.nanoTime();
        GradeReport untouched = runtime.grade(session, lab.steps());
        times.put(BenchFigure.CHECK_UNTOUCHED, since(checked));

        progress.accept("applying the reference solutions of " + lab.steps().size() + " step"
                + (lab.steps().size() == 1 ? "" : "s"));
        for (LabStep step : lab.steps()) {
            runtime.applySolution(session, lab, step);
        }
        awaitAgents(session, lab, "after the reference solutions");
        progress.accept("power cycle");
        long cycled = System.nanoTime();
        for (LabGuest guest : lab.guests()) {
            runtime.power(session, guest.name(), PowerAction.RESTART);
        }
        awaitAgents(session, lab, "after the power cycle");
        times.put(BenchFigure.POWER_CYCLE_TO_AGENT, since(cycled));

        checked = System.nanoTime();
        GradeReport solved = runtime.grade(session, lab.steps());
        times.put(BenchFigure.CHECK_SOLVED, since(checked));
        progress.accept(passed(untouched) + " checks pass on the untouched guest, " + passed(solved) + " when solved");
        failedCheck(solved).ifPresent(o -> {
            throw new IllegalStateException("after the reference solutions, check " + o.checkId() + " does not pass: "
                    + o.message());
        });
        return new BenchRound(times);
    }

    private void awaitAgents(String session, Lab lab, String when) {
        for (LabGuest guest : timedGuests(lab)) {
            if (!runtime.awaitAgent(session, guest.name(), AGENT_WAIT)) {
                throw new IllegalStateException("the guest agent of " + guest.name() + " did not answer within "
                        + AGENT_WAIT.toSeconds() + " s " + when);
            }
        }
    }

    private static Optional<CheckOutcome> failedCheck(GradeReport report) {
        return report.checks().stream().filter(o -> !o.passed()).findFirst();
    }

    private static String passed(GradeReport report) {
        return report.checks().stream().filter(CheckOutcome::passed).count() + " of " + report.checks().size();
    }

    private static Duration since(long nanoTime) {
        return Duration.ofNanos(System.nanoTime() - nanoTime);
    }
}
