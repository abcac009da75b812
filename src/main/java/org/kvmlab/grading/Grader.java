package org.kvmlab.grading;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.kvmlab.catalog.LabCheck;
import org.kvmlab.catalog.LabCheck.AgentExecProbe;
import org.kvmlab.catalog.LabCheck.StateProbe;
import org.kvmlab.catalog.LabCheck.XPathProbe;
import org.kvmlab.catalog.LabStep;
import org.kvmlab.guest.GuestAgent;
import org.kvmlab.guest.GuestState;
import org.kvmlab.guest.Hypervisor;
import org.kvmlab.guest.HypervisorException;
import org.kvmlab.guest.XmlView;
import org.kvmlab.grading.CheckOutcome.Status;
import org.kvmlab.xml.Xml;
import org.kvmlab.xml.XmlException;
import org.w3c.dom.Document;

/**
 * Grades a lab session's guests against the lab's declarative checks. Grading only reads: domain XML,
 * run state, and read-only commands through the guest agent; it never changes a guest's definition or state.
 * Each guest's XML is read once per grading, however many checks look at it.
 */
public final class Grader {

    private static final Duration AGENT_TIMEOUT = Duration.ofSeconds(10);

    private final Hypervisor hypervisor;
    private final GuestAgent agent;

    public Grader(Hypervisor hypervisor) {
        this.hypervisor = hypervisor;
        this.agent = new GuestAgent(hypervisor);
    }

    /**
     * Grades the given steps of a lab.
     *
     * @param platformName maps the learner's guest name to the platform's domain name
     */
    public GradeReport grade(List<LabStep> steps, UnaryOperator<String> platformName) {
        Run run = new Run(platformName);
        List<CheckOutcome> outcomes = new ArrayList<>();
        for (LabStep step : steps) {
            for (LabCheck check : step.checks()) {
                outcomes.add(run.grade(step, check));
            }
        }
        return GradeReport.of(outcomes);
    }

    /** One grading pass, caching what it read from each guest. */
    private final class Run {
        private final UnaryOperator<String> platformName;
        private final Map<String, Document> xmlCache = new HashMap<>();
        private final Map<String, GuestState> stateCache = new HashMap<>();

        Run(UnaryOperator<String> platformName) {
            this.platformName = platformName;
        }

        CheckOutcome grade(LabStep step, LabCheck check) {
            String domain = platformName.apply(check.guest());
            try {
                if (check.probe() instanceof XPathProbe x) {
                    return verdict(step, check, Xml.test(Xml.compile(x.expression()), xml(domain, x.live())), null);
                } else if (check.probe() instanceof StateProbe s) {
                    return stateVerdict(step, check, state(domain), s);
                }
                return agentVerdict(step, check, domain, (AgentExecProbe) check.probe());
            } catch (XmlException e) {
                return outcome(step, check, Status.UNAVAILABLE, "This check could not be evaluated: " + e.getMessage());
            } catch (HypervisorException e) {
                return outcome(step, check, Status.UNAVAILABLE, unavailableMessage(e));
            }
        }

        private Document xml(String domain, boolean live) throws XmlException {
            String key = domain + (live ? "#live" : "#inactive");
            Document cached = xmlCache.get(key);
            if (cached == null) {
                cached = Xml.parse(hypervisor.xml(domain, live ? XmlView.LIVE : XmlView.INACTIVE));
                xmlCache.put(key, cached);
            }
            return cached;
        }

        private GuestState state(String domain) {
            return stateCache.computeIfAbsent(domain, hypervisor::state);
        }

        private CheckOutcome stateVerdict(LabStep step, LabCheck check, GuestState actual, StateProbe wanted) {
            boolean ok = actual.label().equals(wanted.state());
            return verdict(step, check, ok, ok ? null : check.failure() + " (it is " + actual.label() + ")");
        }

        private CheckOutcome agentVerdict(LabStep step, LabCheck check, String domain, AgentExecProbe probe) {
            if (hypervisor.info().simulated()) {
                return outcome(step, check, Status.UNAVAILABLE, "This check looks inside a real running guest."
                        + " kvmlab is in demo mode (simulated hypervisor), so it cannot be answered here.");
            }
            if (state(domain) != GuestState.RUNNING) {
                return outcome(step, check, Status.UNAVAILABLE, "This check looks inside the running guest, but the"
                        + " guest is " + state(domain).label() + ". Start it, wait until it has booted, then Check again.");
            }
            GuestAgent.ExecResult result = agent.exec(domain, probe.command(), AGENT_TIMEOUT);
            boolean ok = result.exitCode() == probe.exitCode() && probe.output().matcher(result.stdout()).find();
            return verdict(step, check, ok, null);
        }

        private CheckOutcome verdict(LabStep step, LabCheck check, boolean passed, String message) {
            return passed ? outcome(step, check, Status.PASSED, "")
                    : outcome(step, check, Status.FAILED, message == null ? check.failure() : message);
        }

        private CheckOutcome outcome(LabStep step, LabCheck check, Status status, String message) {
            return new CheckOutcome(check.id(), step.id(), check.title(), status, message, check.guide(),
                    check.points(), status == Status.PASSED ? check.points() : 0);
        }

        private String unavailableMessage(HypervisorException e) {
            return switch (e.reason()) {
                case AGENT_UNAVAILABLE -> "The guest agent inside the guest is not answering yet. If the guest"
                        + " has just started, wait a few seconds and Check again.";
                case TIMEOUT -> "The guest took too long to answer. Check again in a moment.";
                case NOT_FOUND -> "The guest no longer exists. Reset or end the lab.";
                default -> "This check could not look at the guest right now. Check again in a moment.";
            };
        }
    }
}
