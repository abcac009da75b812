package org.kvmlab.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import javax.xml.xpath.XPathExpression;
import org.kvmlab.catalog.LabCheck.AgentExecProbe;
import org.kvmlab.catalog.LabCheck.AgentInfoProbe;
import org.kvmlab.catalog.LabCheck.AllProbe;
import org.kvmlab.catalog.LabCheck.AnyProbe;
import org.kvmlab.catalog.LabCheck.AutostartProbe;
import org.kvmlab.catalog.LabCheck.CompareProbe;
import org.kvmlab.catalog.LabCheck.CountProbe;
import org.kvmlab.catalog.LabCheck.LibvirtObject;
import org.kvmlab.catalog.LabCheck.NotProbe;
import org.kvmlab.catalog.LabCheck.ObjectProbe;
import org.kvmlab.catalog.LabCheck.Operator;
import org.kvmlab.catalog.LabCheck.Probe;
import org.kvmlab.catalog.LabCheck.SnapshotProbe;
import org.kvmlab.catalog.LabCheck.StateProbe;
import org.kvmlab.catalog.LabCheck.StatsProbe;
import org.kvmlab.catalog.LabCheck.XPathProbe;
import org.kvmlab.catalog.LabFile.ProbeEntry;
import org.kvmlab.guest.XmlView;
import org.kvmlab.xml.Xml;
import org.kvmlab.xml.XmlException;
import org.w3c.dom.Document;

/**
 * Turns the probe part of a check in {@code lab.yaml} into a {@link Probe}, reporting every problem with the
 * JSON pointer of the field at fault. XPaths are compiled and tried on an empty document, so syntax errors,
 * unknown functions and unknown {@code $variables} are found before any guest exists.
 */
final class ProbeReader {

    static final Set<String> STATES = Set.of("running", "paused", "shut off", "in shutdown", "crashed");
    static final Set<String> SNAPSHOT_KINDS = Set.of("internal", "external", "disk-only");
    /** Guest agent commands that only read; the platform never sends any other through an info check. */
    static final Set<String> AGENT_INFO_COMMANDS = Set.of("guest-info", "guest-ping", "guest-get-osinfo",
            "guest-get-host-name", "guest-get-time", "guest-get-timezone", "guest-get-vcpus", "guest-get-fsinfo",
            "guest-network-get-interfaces", "guest-get-users", "guest-get-memory-blocks", "guest-get-disks");
    static final Pattern STATS_FIELD = Pattern.compile(
            "cpu\\.time|balloon\\.(current|rss|usable|available)|block\\.\\d+\\.(rd|wr)\\.(reqs|bytes)"
                    + "|net\\.\\d+\\.(rx|tx)\\.(bytes|pkts)");
    private static final Pattern DISK = Pattern.compile("[a-z]{2,3}[a-z]{1,2}");

    private final BiConsumer<String, String> problem;

    /** @param problem receives (JSON pointer, message) for each problem */
    ProbeReader(BiConsumer<String, String> problem) {
        this.problem = problem;
    }

    /** The probe of an entry, or null when it has problems (all of them reported). */
    Probe read(String at, String where, ProbeEntry p) {
        if (p == null) {
            problem.accept(at, where + ": empty probe");
            return null;
        }
        List<String> kinds = kinds(p);
        if (kinds.size() != 1) {
            problem.accept(at, where + (kinds.isEmpty() ? " says nothing to check: give" : " mixes "
                    + String.join(" and ", kinds) + ": give") + " exactly one of xpath, count, compare, state,"
                    + " autostart, snapshot, volume, pool, network, agent, agentInfo, stats, all, any, not");
            return null;
        }
        if ((p.live != null || p.secure != null) && p.xpath == null) {
            problem.accept(at + (p.live != null ? "/live" : "/secure"), where
                    + ": 'live' and 'secure' next to a probe only apply to 'xpath' (count and compare take 'live'"
                    + " inside)");
            return null;
        }
        return switch (kinds.get(0)) {
            case "xpath" -> xpath(at, where, p);
            case "count" -> count(at + "/count", where, p.count);
            case "compare" -> compare(at + "/compare", where, p.compare);
            case "state" -> state(at + "/state", where, p.state);
            case "autostart" -> new AutostartProbe(p.autostart);
            case "snapshot" -> snapshot(at + "/snapshot", where, p.snapshot);
            case "volume" -> object(at + "/volume", where, LibvirtObject.VOLUME, p.volume);
            case "pool" -> object(at + "/pool", where, LibvirtObject.POOL, p.pool);
            case "network" -> object(at + "/network", where, LibvirtObject.NETWORK, p.network);
            case "agent" -> agent(at + "/agent", where, p.agent);
            case "agentInfo" -> agentInfo(at + "/agentInfo", where, p.agentInfo);
            case "stats" -> stats(at + "/stats", where, p.stats);
            case "all" -> parts(at + "/all", where, p.all, AllProbe::new);
            case "any" -> parts(at + "/any", where, p.any, AnyProbe::new);
            default -> {
                Probe inner = read(at + "/not", where, p.not);
                yield inner == null ? null : new NotProbe(inner);
            }
        };
    }

    private static List<String> kinds(ProbeEntry p) {
        List<String> kinds = new ArrayList<>();
        Object[][] fields = {{"xpath", p.xpath}, {"count", p.count}, {"compare", p.compare}, {"state", p.state},
            {"autostart", p.autostart}, {"snapshot", p.snapshot}, {"volume", p.volume}, {"pool", p.pool},
            {"network", p.network}, {"agent", p.agent}, {"agentInfo", p.agentInfo}, {"stats", p.stats},
            {"all", p.all}, {"any", p.any}, {"not", p.not}};
        for (Object[] field : fields) {
            if (field[1] != null) {
                kinds.add((String) field[0]);
            }
        }
        return kinds;
    }

    private Probe xpath(String at, String where, ProbeEntry p) {
        if (Boolean.TRUE.equals(p.live) && Boolean.TRUE.equals(p.secure)) {
            problem.accept(at + "/secure", where + ": 'secure' reads the stored definition, so it cannot be"
                    + " combined with 'live'");
            return null;
        }
        XmlView view = Boolean.TRUE.equals(p.live) ? XmlView.LIVE
                : Boolean.TRUE.equals(p.secure) ? XmlView.INACTIVE_SECURE : XmlView.INACTIVE;
        return tryXPath(at + "/xpath", where, p.xpath, Kind.BOOLEAN) ? new XPathProbe(p.xpath, view) : null;
    }

    private Probe count(String at, String where, LabFile.CountEntry c) {
        if (!required(at + "/xpath", where, "count needs 'xpath'", c.xpath)
                || !tryXPath(at + "/xpath", where, c.xpath, Kind.NODES)) {
            return null;
        }
        int min = c.min == null ? 0 : c.min;
        int max = c.max == null ? Integer.MAX_VALUE : c.max;
        if (c.min == null && c.max == null || min < 0 || min > max) {
            problem.accept(at, where + ": count needs 'min' and/or 'max', with 0 <= min <= max");
            return null;
        }
        return new CountProbe(c.xpath, view(c.live), min, max);
    }

    private Probe compare(String at, String where, LabFile.CompareEntry c) {
        boolean ok = required(at + "/value", where, "compare needs 'value'", c.value)
                & required(at + "/op", where, "compare needs 'op'", c.op)
                & required(at + "/to", where, "compare needs 'to'", c.to);
        if (!ok) {
            return null;
        }
        Optional<Operator> op = Operator.of(c.op);
        if (op.isEmpty()) {
            problem.accept(at + "/op", where + ": op '" + c.op + "' is not one of <, <=, ==, !=, >=, >");
            return null;
        }
        ok = tryXPath(at + "/value", where, c.value, Kind.NUMBER) & tryXPath(at + "/to", where, c.to, Kind.NUMBER);
        return ok ? new CompareProbe(c.value, op.get(), c.to, view(c.live)) : null;
    }

    private Probe state(String at, String where, String state) {
        if (!STATES.contains(state)) {
            problem.accept(at, where + ": state '" + state + "' is not one of " + sorted(STATES));
            return null;
        }
        return new StateProbe(state);
    }

    private Probe snapshot(String at, String where, LabFile.SnapshotEntry s) {
        if (s.kind != null && !SNAPSHOT_KINDS.contains(s.kind)) {
            problem.accept(at + "/kind", where + ": snapshot kind '" + s.kind + "' is not one of "
                    + sorted(SNAPSHOT_KINDS));
            return null;
        }
        if ((s.kind != null || s.current != null) && s.name == null) {
            problem.accept(at, where + ": 'kind' and 'current' describe a named snapshot: add 'name'");
            return null;
        }
        int min = s.min != null ? s.min : s.name == null && s.max == null ? 1 : 0;
        int max = s.max == null ? Integer.MAX_VALUE : s.max;
        if (min < 0 || min > max) {
            problem.accept(at, where + ": snapshot count needs 0 <= min <= max");
            return null;
        }
        return new SnapshotProbe(Optional.ofNullable(s.name), min, max, Optional.ofNullable(s.kind),
                Optional.ofNullable(s.current));
    }

    private Probe object(String at, String where, LibvirtObject object, LabFile.ObjectEntry o) {
        if (!required(at + "/xpath", where, object.name().toLowerCase() + " needs 'xpath'", o.xpath)
                || !tryXPath(at + "/xpath", where, o.xpath, Kind.BOOLEAN)) {
            return null;
        }
        if (o.disk != null && (object != LibvirtObject.VOLUME || !DISK.matcher(o.disk).matches())) {
            problem.accept(at + "/disk", where + ": 'disk' names a guest disk target such as vda, and only for"
                    + " volume checks");
            return null;
        }
        return new ObjectProbe(object, o.xpath, o.disk);
    }

    /** A command to run in the guest: a non-empty list of words, starting with an absolute program path. */
    static boolean isGuestCommand(List<String> command) {
        return command != null && !command.isEmpty() && command.stream().noneMatch(Objects::isNull)
                && command.get(0).startsWith("/");
    }

    private Probe agent(String at, String where, LabFile.AgentExecEntry agent) {
        List<String> command = agent.command;
        if (!isGuestCommand(command)) {
            problem.accept(at + "/command", where + ": the agent command must be a list starting with an absolute"
                    + " program path, e.g. [\"/bin/sh\", \"-c\", \"…\"]");
            return null;
        }
        Pattern output = pattern(at + "/output", where, agent.output);
        return output == null ? null
                : new AgentExecProbe(command, agent.exitCode == null ? 0 : agent.exitCode, output);
    }

    private Probe agentInfo(String at, String where, LabFile.AgentInfoEntry info) {
        if (info.command == null || !AGENT_INFO_COMMANDS.contains(info.command)) {
            problem.accept(at + "/command", where + ": agentInfo command '" + info.command + "' is not one of the"
                    + " read-only agent commands " + sorted(AGENT_INFO_COMMANDS));
            return null;
        }
        Pattern output = pattern(at + "/output", where, info.output);
        return output == null ? null : new AgentInfoProbe(info.command, output);
    }

    private Probe stats(String at, String where, LabFile.StatsEntry s) {
        if (s.field == null || !STATS_FIELD.matcher(s.field).matches()) {
            problem.accept(at + "/field", where + ": stats field '" + s.field + "' is not a known counter (cpu.time,"
                    + " balloon.current|rss|usable|available, block.N.rd|wr.reqs|bytes, net.N.rx|tx.bytes|pkts)");
            return null;
        }
        return new StatsProbe(s.field, s.min == null ? 1 : s.min);
    }

    private Probe parts(String at, String where, List<ProbeEntry> entries,
                        java.util.function.Function<List<Probe>, Probe> make) {
        if (entries.isEmpty()) {
            problem.accept(at, where + ": a composite needs at least one part");
            return null;
        }
        List<Probe> parts = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            parts.add(read(at + "/" + i, where, entries.get(i)));
        }
        return parts.contains(null) ? null : make.apply(parts);
    }

    private enum Kind { BOOLEAN, NUMBER, NODES }

    /** Compiles and evaluates the XPath on an empty domain, so unknown functions and variables show now. */
    private boolean tryXPath(String at, String where, String expression, Kind kind) {
        try {
            XPathExpression compiled = Xml.compile(expression, CheckVariables.SAMPLE);
            switch (kind) {
                case BOOLEAN -> Xml.test(compiled, emptyDomain());
                case NUMBER -> Xml.number(compiled, emptyDomain());
                default -> Xml.count(compiled, emptyDomain());
            }
            return true;
        } catch (XmlException e) {
            problem.accept(at, where + ": " + e.getMessage());
            return false;
        }
    }

    private Pattern pattern(String at, String where, String regex) {
        try {
            return Pattern.compile(regex == null ? "" : regex, Pattern.MULTILINE);
        } catch (PatternSyntaxException e) {
            problem.accept(at, where + ": output pattern is not a valid regular expression: " + e.getDescription());
            return null;
        }
    }

    private boolean required(String at, String where, String message, Object value) {
        if (value == null) {
            problem.accept(at, where + ": " + message);
            return false;
        }
        return true;
    }

    private static XmlView view(Boolean live) {
        return Boolean.TRUE.equals(live) ? XmlView.LIVE : XmlView.INACTIVE;
    }

    static String sorted(Set<String> values) {
        return String.join(", ", values.stream().sorted().toList());
    }

    private static Document emptyDomain() {
        try {
            return Xml.parse("<domain/>");
        } catch (XmlException e) {
            throw new IllegalStateException(e);
        }
    }
}
