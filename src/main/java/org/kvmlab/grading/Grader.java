package org.kvmlab.grading;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.xml.xpath.XPathExpression;
import org.kvmlab.catalog.LabCheck;
import org.kvmlab.catalog.LabCheck.AgentExecProbe;
import org.kvmlab.catalog.LabCheck.AgentInfoProbe;
import org.kvmlab.catalog.LabCheck.AllProbe;
import org.kvmlab.catalog.LabCheck.AnyProbe;
import org.kvmlab.catalog.LabCheck.AutostartProbe;
import org.kvmlab.catalog.LabCheck.CompareProbe;
import org.kvmlab.catalog.LabCheck.CountProbe;
import org.kvmlab.catalog.LabCheck.NotProbe;
import org.kvmlab.catalog.LabCheck.ObjectProbe;
import org.kvmlab.catalog.LabCheck.Probe;
import org.kvmlab.catalog.LabCheck.SnapshotProbe;
import org.kvmlab.catalog.LabCheck.StateProbe;
import org.kvmlab.catalog.LabCheck.StatsProbe;
import org.kvmlab.catalog.LabCheck.XPathProbe;
import org.kvmlab.catalog.LabStep;
import org.kvmlab.grading.CheckOutcome.Status;
import org.kvmlab.guest.GuestAgent;
import org.kvmlab.guest.GuestState;
import org.kvmlab.guest.Hypervisor;
import org.kvmlab.guest.HypervisorException;
import org.kvmlab.guest.XmlView;
import org.kvmlab.xml.Xml;
import org.kvmlab.xml.XmlException;
import org.w3c.dom.Document;

/**
 * Grades a lab session's guests against the lab's declarative checks. Grading only reads: domain, volume,
 * pool and network XML, run state, autostart, snapshots, counters, and read-only commands through the guest
 * agent; it never changes a guest's definition or state. What a grading pass reads is read once, however
 * many checks look at it.
 */
public final class Grader {

    private static final Duration AGENT_TIMEOUT = Duration.ofSeconds(10);

    private final Hypervisor hypervisor;
    private final GuestAgent agent;
    private final String pool;
    private final HostFacts facts;

    /** @param pool the storage pool that holds the session disks (the target of pool checks) */
    public Grader(Hypervisor hypervisor, String pool, HostFacts facts) {
        this.hypervisor = hypervisor;
        this.agent = new GuestAgent(hypervisor);
        this.pool = pool;
        this.facts = facts;
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

    /** What one probe found; detail, when set, replaces the check's own failure text. */
    private record Verdict(Status status, String detail) {
        static final Verdict PASS = new Verdict(Status.PASSED, null);
        static final Verdict FAIL = new Verdict(Status.FAILED, null);

        static Verdict of(boolean passed) {
            return passed ? PASS : FAIL;
        }

        static Verdict failed(String detail) {
            return new Verdict(Status.FAILED, detail);
        }

        static Verdict unavailable(String detail) {
            return new Verdict(Status.UNAVAILABLE, detail);
        }
    }

    /** One grading pass, caching what it read from each guest. */
    private final class Run {
        private final UnaryOperator<String> platformName;
        private final Map<String, Object> cache = new HashMap<>();

        Run(UnaryOperator<String> platformName) {
            this.platformName = platformName;
        }

        @SuppressWarnings("unchecked")
        private <T> T cached(String key, java.util.function.Supplier<T> read) {
            if (!cache.containsKey(key)) {
                cache.put(key, read.get());
            }
            return (T) cache.get(key);
        }

        CheckOutcome grade(LabStep step, LabCheck check) {
            Verdict verdict = evaluate(platformName.apply(check.guest()), check.probe());
            String message = switch (verdict.status()) {
                case PASSED -> "";
                case FAILED -> verdict.detail() == null ? check.failure() : check.failure() + " (" + verdict.detail() + ")";
                case UNAVAILABLE -> verdict.detail();
            };
            return new CheckOutcome(check.id(), step.id(), check.title(), verdict.status(), message, check.guide(),
                    check.points(), verdict.status() == Status.PASSED ? check.points() : 0);
        }

        private Verdict evaluate(String domain, Probe probe) {
            try {
                return probe(domain, probe);
            } catch (XmlException e) {
                return Verdict.unavailable("This check could not be evaluated: " + e.getMessage());
            } catch (HypervisorException e) {
                return Verdict.unavailable(unavailableMessage(e));
            }
        }

        private Verdict probe(String domain, Probe probe) throws XmlException {
            if (probe instanceof XPathProbe x) {
                return Verdict.of(Xml.test(compile(domain, x.expression()), xml(domain, x.view())));
            } else if (probe instanceof CountProbe c) {
                int n = Xml.count(compile(domain, c.expression()), xml(domain, c.view()));
                return n >= c.min() && n <= c.max() ? Verdict.PASS : Verdict.failed("found " + n);
            } else if (probe instanceof CompareProbe c) {
                Document doc = xml(domain, c.view());
                double a = Xml.number(compile(domain, c.value()), doc);
                double b = Xml.number(compile(domain, c.to()), doc);
                return c.operator().holds(a, b) ? Verdict.PASS
                        : Verdict.failed(number(a) + " " + c.operator().symbol() + " " + number(b) + " does not hold");
            } else if (probe instanceof StateProbe s) {
                GuestState actual = state(domain);
                return actual.label().equals(s.state()) ? Verdict.PASS : Verdict.failed("it is " + actual.label());
            } else if (probe instanceof AutostartProbe a) {
                boolean on = cached(domain + "#autostart", () -> hypervisor.autostart(domain));
                return on == a.enabled() ? Verdict.PASS : Verdict.failed("autostart is " + (on ? "on" : "off"));
            } else if (probe instanceof SnapshotProbe s) {
                return Snapshots.judge(cached(domain + "#snapshots", () -> hypervisor.snapshots(domain)), s);
            } else if (probe instanceof ObjectProbe o) {
                return Verdict.of(Xml.test(compile(domain, o.expression()), objectXml(domain, o)));
            } else if (probe instanceof AllProbe all) {
                return combine(domain, all.parts(), true);
            } else if (probe instanceof AnyProbe any) {
                return combine(domain, any.parts(), false);
            } else if (probe instanceof NotProbe not) {
                Verdict inner = probe(domain, not.part());
                return inner.status() == Status.UNAVAILABLE ? inner : Verdict.of(inner.status() == Status.FAILED);
            }
            return insideGuest(domain, probe);
        }

        /** all: fails on the first failing part; any: passes on the first passing part. */
        private Verdict combine(String domain, List<Probe> parts, boolean all) throws XmlException {
            Verdict unavailable = null;
            for (Probe part : parts) {
                Verdict v = probe(domain, part);
                if (v.status() == Status.UNAVAILABLE) {
                    unavailable = unavailable == null ? v : unavailable;
                } else if ((v.status() == Status.PASSED) != all) {
                    return v;
                }
            }
            return unavailable != null ? unavailable : Verdict.of(all);
        }

        private Verdict insideGuest(String domain, Probe probe) {
            if (hypervisor.info().simulated()) {
                return Verdict.unavailable("This check looks inside a real running guest. kvmlab is in demo mode"
                        + " (simulated hypervisor), so it cannot be answered here.");
            }
            if (state(domain) != GuestState.RUNNING) {
                return Verdict.unavailable("This check looks inside the running guest, but the guest is "
                        + state(domain).label() + ". Start it, wait until it has booted, then Check again.");
            }
            if (probe instanceof AgentExecProbe exec) {
                GuestAgent.ExecResult result = agent.exec(domain, exec.command(), AGENT_TIMEOUT);
                return Verdict.of(result.exitCode() == exec.exitCode() && exec.output().matcher(result.stdout()).find());
            } else if (probe instanceof AgentInfoProbe info) {
                String reply = hypervisor.agentCommand(domain, "{\"execute\":\"" + info.command() + "\"}",
                        AGENT_TIMEOUT);
                return Verdict.of(info.output().matcher(reply).find());
            }
            StatsProbe stats = (StatsProbe) probe;
            Map<String, Long> counters = cached(domain + "#stats", () -> hypervisor.stats(domain));
            Long value = counters.get(stats.field());
            if (value == null) {
                return Verdict.failed(stats.field() + " is not reported");
            }
            return value >= stats.min() ? Verdict.PASS : Verdict.failed(stats.field() + " is " + value);
        }

        /** Host facts are read only for expressions that use a {@code $variable}. */
        private XPathExpression compile(String domain, String expression) throws XmlException {
            if (!expression.contains("$")) {
                return Xml.compile(expression);
            }
            Map<String, Object> vars = cached(domain + "#vars", () -> facts.variables(hypervisor.info(), domain));
            return Xml.compile(expression, vars);
        }

        private Document xml(String domain, XmlView view) throws XmlException {
            return parsed(domain + "#" + view, () -> hypervisor.xml(domain, view));
        }

        private Document parsed(String key, java.util.function.Supplier<String> read) throws XmlException {
            Object doc = cache.get(key);
            if (doc == null) {
                doc = Xml.parse(read.get());
                cache.put(key, doc);
            }
            return (Document) doc;
        }

        private Document objectXml(String domain, ObjectProbe o) throws XmlException {
            switch (o.object()) {
                case POOL:
                    return parsed("pool", () -> hypervisor.poolXml(pool));
                case NETWORK: {
                    String network = attribute(domain, "/domain/devices/interface[source/@network][1]/source",
                            "network");
                    return parsed("network#" + network, () -> hypervisor.networkXml(network));
                }
                default: {
                    String disk = o.disk() == null ? "/domain/devices/disk[@device='disk'][1]/source"
                            : "/domain/devices/disk[target/@dev='" + o.disk() + "']/source";
                    String path = attribute(domain, disk, "file");
                    return parsed("volume#" + path, () -> hypervisor.volumeXmlByPath(path));
                }
            }
        }

        private String attribute(String domain, String elementXPath, String attribute) throws XmlException {
            var element = Xml.first(xml(domain, XmlView.INACTIVE), elementXPath);
            if (element == null || element.getAttribute(attribute).isEmpty()) {
                throw new XmlException("the guest has no " + elementXPath.replaceAll("\\[.*?\\]", "")
                        + " with a " + attribute, null);
            }
            return element.getAttribute(attribute);
        }

        private GuestState state(String domain) {
            return cached(domain + "#state", () -> hypervisor.state(domain));
        }

        private String number(double d) {
            return d == Math.rint(d) && !Double.isInfinite(d) ? Long.toString((long) d) : Double.toString(d);
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

    /** Judges snapshot checks from the snapshots' XML. */
    static final class Snapshots {
        private Snapshots() {
        }

        static Verdict judge(List<org.kvmlab.guest.GuestSnapshot> snapshots, SnapshotProbe probe) {
            if (probe.name().isEmpty()) {
                int n = snapshots.size();
                return n >= probe.min() && n <= probe.max() ? Verdict.PASS
                        : Verdict.failed("the guest has " + n + " snapshot" + (n == 1 ? "" : "s"));
            }
            String name = probe.name().get();
            var found = snapshots.stream().filter(s -> s.name().equals(name)).findFirst();
            if (found.isEmpty()) {
                return Verdict.failed("there is no snapshot named '" + name + "'");
            }
            if (probe.kind().isPresent() && !kinds(found.get().xml()).contains(probe.kind().get())) {
                return Verdict.failed("snapshot '" + name + "' is " + String.join("/", kinds(found.get().xml())));
            }
            if (probe.current().isPresent() && probe.current().get() != found.get().current()) {
                return Verdict.failed("snapshot '" + name + "' is " + (found.get().current() ? "" : "not ")
                        + "the current one");
            }
            int n = snapshots.size();
            return n >= probe.min() && n <= probe.max() ? Verdict.PASS
                    : Verdict.failed("the guest has " + n + " snapshots");
        }

        /** internal, external and/or disk-only, from libvirt's snapshot XML. */
        static List<String> kinds(String xml) {
            try {
                Document doc = Xml.parse(xml);
                boolean diskOnly = Xml.test(Xml.compile("/domainsnapshot/state='disk-snapshot'"), doc);
                boolean external = Xml.test(Xml.compile(
                        "//disk[@snapshot='external'] or /domainsnapshot/memory[@snapshot='external']"), doc);
                List<String> kinds = new ArrayList<>();
                kinds.add(external || diskOnly ? "external" : "internal");
                if (diskOnly) {
                    kinds.add("disk-only");
                }
                return kinds;
            } catch (XmlException e) {
                return List.of("unknown");
            }
        }
    }
}
