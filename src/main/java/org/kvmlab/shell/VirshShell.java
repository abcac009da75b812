package org.kvmlab.shell;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.kvmlab.catalog.Lab;
import org.kvmlab.catalog.LabGuest;
import org.kvmlab.guest.GuestSnapshot;
import org.kvmlab.guest.GuestState;
import org.kvmlab.guest.Hypervisor;
import org.kvmlab.guest.HypervisorException;
import org.kvmlab.guest.XmlView;
import org.kvmlab.session.LabRuntime;
import org.kvmlab.session.PowerAction;
import org.kvmlab.xml.Xml;
import org.kvmlab.xml.XmlException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A virsh for one lab session, in the learner's names: the session's guests are all the domains there are
 * ({@code web01}, never the platform's {@code kvmlab-<session>-web01}), its disks are the volumes of the pool
 * {@code lab}, and the lab network is {@code lab}. Every command goes through the platform's hypervisor
 * adapter and lab runtime, never a host shell; nothing here takes a host path. Output and errors follow
 * virsh's wording, so what learners practise here reads the same on a real host.
 */
public final class VirshShell {

    /** The learner's name of the storage pool and the network of their session. */
    public static final String POOL = "lab";
    public static final String NETWORK = "lab";
    /** Guest agent commands that only read; qemu-agent-command refuses every other. */
    static final Set<String> AGENT_COMMANDS = Set.of("guest-ping", "guest-info", "guest-get-osinfo",
            "guest-get-host-name", "guest-get-time", "guest-get-timezone", "guest-get-vcpus", "guest-get-fsinfo",
            "guest-network-get-interfaces", "guest-get-users", "guest-get-memory-blocks", "guest-get-disks");
    private static final Duration AGENT_TIMEOUT = Duration.ofSeconds(10);

    /** The session a shell acts for. */
    public record Scope(String sessionId, Lab lab) {
    }

    private interface Handler {
        String run(Scope scope, Args args) throws ShellException;
    }

    private record Command(String name, String synopsis, String description, Set<String> flags, Set<String> options,
                           int positional, Handler handler) {
    }

    private final LabRuntime runtime;
    private final Hypervisor hypervisor;
    private final Map<String, Command> commands = new LinkedHashMap<>();

    public VirshShell(LabRuntime runtime) {
        this.runtime = runtime;
        this.hypervisor = runtime.hypervisor();
        register();
    }

    /** Runs one command line. Never throws: every failure is a virsh-like error with exit code 1. */
    public ShellResult run(Scope scope, String line) {
        try {
            List<String> words = CommandLine.split(line == null ? "" : line.strip());
            if (words.isEmpty()) {
                return ShellResult.ok("");
            }
            String name = words.get(0);
            Command command = commands.get(name);
            if (command == null) {
                return ShellResult.error("unknown command: '" + name + "'");
            }
            List<String> rest = words.subList(1, words.size());
            if (rest.contains("--help")) {
                return ShellResult.ok(help(command));
            }
            Args args = Args.parse(name, rest, command.flags(), command.options(), command.positional());
            if ("edit".equals(name)) {
                String guest = guest(scope, args.required(0, "domain")).name();
                return new ShellResult("Opening the XML editor for " + guest + ". Apply changes the stored"
                        + " definition; it takes effect at the next boot.", 0, Optional.of(guest));
            }
            return ShellResult.ok(command.handler().run(scope, args));
        } catch (ShellException e) {
            return ShellResult.error(e.getMessage());
        } catch (HypervisorException e) {
            return ShellResult.error(e.getMessage());
        } catch (RuntimeException e) {
            return ShellResult.error("the command failed: " + e.getMessage());
        }
    }

    /** Completions for the last word of a partial line: command names first, then the learner's objects. */
    public List<String> complete(Scope scope, String partial) {
        String text = partial == null ? "" : partial;
        int space = text.lastIndexOf(' ');
        String last = text.substring(space + 1);
        List<String> candidates = new ArrayList<>();
        if (space < 0) {
            candidates.addAll(commands.keySet());
        } else {
            scope.lab().guests().forEach(g -> candidates.add(g.name()));
            candidates.add(POOL);
        }
        return candidates.stream().filter(c -> c.startsWith(last)).distinct().sorted().toList();
    }

    public List<String> commandNames() {
        return List.copyOf(commands.keySet());
    }

    private void register() {
        add("help", "help [<command>]", "Lists the commands, or explains one.", Set.of(), Set.of(), 1, this::help);
        add("list", "list [--all] [--inactive]", "Lists your guests: running ones, or all with --all.",
                Set.of("all", "inactive"), Set.of(), 0, this::list);
        add("domstate", "domstate <domain>", "Shows the run state of a guest.", Set.of(), Set.of(), 1,
                (s, a) -> state(s, a).label());
        add("dominfo", "dominfo <domain>", "Shows basic facts about a guest.", Set.of(), Set.of(), 1, this::dominfo);
        add("dumpxml", "dumpxml <domain> [--inactive]", "Prints the guest's domain XML: the running"
                + " configuration, or with --inactive the stored one used at the next boot.", Set.of("inactive"),
                Set.of(), 1, (s, a) -> hypervisor.xml(domain(s, a), a.flag("inactive") ? XmlView.INACTIVE
                        : XmlView.LIVE).strip());
        add("edit", "edit <domain>", "Opens the guest's stored XML in the editor (virsh edit).", Set.of(), Set.of(), 1,
                (s, a) -> "");
        add("start", "start <domain>", "Boots a guest that is shut off.", Set.of(), Set.of(), 1,
                (s, a) -> power(s, a, PowerAction.START, "started"));
        add("shutdown", "shutdown <domain>", "Asks the guest to shut down (guest agent, else ACPI).", Set.of(),
                Set.of(), 1, (s, a) -> power(s, a, PowerAction.SHUTDOWN, "is being shutdown"));
        add("destroy", "destroy <domain>", "Stops a guest at once, like pulling the plug.", Set.of(), Set.of(), 1,
                (s, a) -> power(s, a, PowerAction.DESTROY, "destroyed"));
        add("reboot", "reboot <domain>", "Asks the guest to reboot.", Set.of(), Set.of(), 1,
                (s, a) -> power(s, a, PowerAction.REBOOT, "is being rebooted"));
        add("autostart", "autostart <domain> [--disable]", "Starts the guest with the host, or stops doing so.",
                Set.of("disable"), Set.of(), 1, this::autostart);
        add("snapshot-create-as", "snapshot-create-as <domain> [<name>] [--description <text>]", "Takes an"
                + " internal snapshot of the guest.", Set.of(), Set.of("description", "name"), 2, this::snapshotCreate);
        add("snapshot-list", "snapshot-list <domain>", "Lists the guest's snapshots.", Set.of(), Set.of(), 1,
                this::snapshotList);
        add("snapshot-info", "snapshot-info <domain> <snapshot>", "Shows facts about one snapshot.", Set.of(),
                Set.of(), 2, this::snapshotInfo);
        add("pool-list", "pool-list [--all]", "Lists your storage pools.", Set.of("all"), Set.of(), 0,
                (s, a) -> table(List.of("Name", "State", "Autostart"), List.of(List.of(POOL, "active", "yes"))));
        add("vol-list", "vol-list <pool>", "Lists the volumes (disks) of your pool.", Set.of(), Set.of(), 1,
                this::volList);
        add("net-list", "net-list [--all]", "Lists your networks.", Set.of("all"), Set.of(), 0,
                (s, a) -> table(List.of("Name", "State", "Autostart", "Persistent"),
                        List.of(List.of(NETWORK, "active", "yes", "yes"))));
        add("net-dumpxml", "net-dumpxml <network>", "Prints a network's XML.", Set.of(), Set.of(), 1, this::netDumpxml);
        add("domblklist", "domblklist <domain>", "Lists the guest's disks.", Set.of(), Set.of(), 1, this::domblklist);
        add("domiflist", "domiflist <domain>", "Lists the guest's network interfaces.", Set.of(), Set.of(), 1,
                this::domiflist);
        add("dommemstat", "dommemstat <domain>", "Memory statistics of a running guest (from its balloon).",
                Set.of(), Set.of(), 1, (s, a) -> stats(s, a, "balloon."));
        add("domblkstat", "domblkstat <domain>", "I/O counters of a running guest's first disk.", Set.of(),
                Set.of(), 1, (s, a) -> stats(s, a, "block.0."));
        add("domifstat", "domifstat <domain>", "Traffic counters of a running guest's first interface.", Set.of(),
                Set.of(), 1, (s, a) -> stats(s, a, "net.0."));
        add("qemu-agent-command", "qemu-agent-command <domain> <json>", "Sends a read-only command to the guest"
                + " agent, e.g. '{\"execute\":\"guest-info\"}'.", Set.of("pretty"), Set.of(), 2, this::agentCommand);
        add("domtime", "domtime <domain>", "The guest's clock, read through the guest agent.", Set.of(), Set.of(), 1,
                this::domtime);
    }

    private void add(String name, String synopsis, String description, Set<String> flags, Set<String> options,
                     int positional, Handler handler) {
        commands.put(name, new Command(name, synopsis, description, flags, options, positional, handler));
    }

    private String help(Scope scope, Args args) throws ShellException {
        Optional<String> which = args.positional(0);
        if (which.isPresent()) {
            Command c = commands.get(which.get());
            if (c == null) {
                throw new ShellException("command '" + which.get() + "' doesn't exist");
            }
            return help(c);
        }
        StringBuilder out = new StringBuilder("Commands (type <command> --help for details):\n");
        commands.values().forEach(c -> out.append(String.format("    %-20s %s%n", c.name(), c.description())));
        return out.toString().stripTrailing();
    }

    private static String help(Command c) {
        return "  NAME\n    " + c.name() + " - " + c.description() + "\n\n  SYNOPSIS\n    " + c.synopsis();
    }

    /** The lab guest a learner's name stands for; any other name does not exist from this shell. */
    private LabGuest guest(Scope scope, String name) throws ShellException {
        return scope.lab().guest(name).orElseThrow(() -> new ShellException("failed to get domain '" + name + "'"));
    }

    private String domain(Scope scope, Args args) throws ShellException {
        return LabRuntime.platformName(scope.sessionId(), guest(scope, args.required(0, "domain")).name());
    }

    private GuestState state(Scope scope, Args args) throws ShellException {
        return hypervisor.state(domain(scope, args));
    }

    private String list(Scope scope, Args args) {
        List<List<String>> rows = new ArrayList<>();
        for (LabGuest g : scope.lab().guests()) {
            String name = LabRuntime.platformName(scope.sessionId(), g.name());
            GuestState state = hypervisor.state(name);
            boolean wanted = args.flag("all") || (args.flag("inactive") ? !state.isActive() : state.isActive());
            if (wanted) {
                rows.add(List.of(state.isActive() ? liveId(name) : "-", g.name(), state.label()));
            }
        }
        return table(List.of("Id", "Name", "State"), rows);
    }

    private String liveId(String domain) {
        try {
            return Xml.parse(hypervisor.xml(domain, XmlView.LIVE)).getDocumentElement().getAttribute("id");
        } catch (XmlException e) {
            return "-";
        }
    }

    private String dominfo(Scope scope, Args args) throws ShellException {
        String guest = args.required(0, "domain");
        String name = domain(scope, args);
        Document xml = parse(hypervisor.xml(name, XmlView.LIVE));
        GuestState state = hypervisor.state(name);
        Map<String, String> info = new LinkedHashMap<>();
        info.put("Id", state.isActive() ? xml.getDocumentElement().getAttribute("id") : "-");
        info.put("Name", guest);
        info.put("UUID", text(xml, "/domain/uuid"));
        info.put("OS Type", text(xml, "/domain/os/type"));
        info.put("State", state.label());
        info.put("CPU(s)", text(xml, "/domain/vcpu"));
        info.put("Max memory", kib(xml, "/domain/memory") + " KiB");
        info.put("Used memory", kib(xml, "/domain/currentMemory") + " KiB");
        info.put("Persistent", "yes");
        info.put("Autostart", hypervisor.autostart(name) ? "enable" : "disable");
        StringBuilder out = new StringBuilder();
        info.forEach((k, v) -> out.append(String.format("%-15s %s%n", k + ":", v)));
        return out.toString().stripTrailing();
    }

    private String power(Scope scope, Args args, PowerAction action, String done) throws ShellException {
        String guest = guest(scope, args.required(0, "domain")).name();
        GuestState state = hypervisor.state(LabRuntime.platformName(scope.sessionId(), guest));
        if (action == PowerAction.START && state.isActive()) {
            throw new ShellException("Failed to start domain '" + guest + "'\nerror: Requested operation is not"
                    + " valid: domain is already running");
        }
        if (action != PowerAction.START && !state.isActive()) {
            throw new ShellException("Failed to " + action.name().toLowerCase(Locale.ROOT) + " domain '" + guest
                    + "'\nerror: Requested operation is not valid: domain is not running");
        }
        runtime.power(scope.sessionId(), guest, action);
        return "Domain '" + guest + "' " + done;
    }

    private String autostart(Scope scope, Args args) throws ShellException {
        String guest = args.required(0, "domain");
        boolean enable = !args.flag("disable");
        hypervisor.setAutostart(domain(scope, args), enable);
        return "Domain '" + guest + "' " + (enable ? "marked as autostarted" : "unmarked as autostarted");
    }

    private String snapshotCreate(Scope scope, Args args) throws ShellException {
        String guest = guest(scope, args.required(0, "domain")).name();
        String name = args.option("name").or(() -> args.positional(1))
                .orElse(Long.toString(Instant.now().getEpochSecond()));
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new ShellException("invalid snapshot name '" + name + "': use letters, digits, '.', '_' and '-'");
        }
        if (hypervisor.snapshots(LabRuntime.platformName(scope.sessionId(), guest)).stream()
                .anyMatch(s -> s.name().equals(name))) {
            throw new ShellException("operation failed: domain snapshot '" + name + "' already exists");
        }
        runtime.snapshot(scope.sessionId(), guest, name, args.option("description").orElse(""));
        return "Domain snapshot " + name + " created";
    }

    private String snapshotList(Scope scope, Args args) throws ShellException {
        List<List<String>> rows = new ArrayList<>();
        for (GuestSnapshot s : hypervisor.snapshots(domain(scope, args))) {
            Document xml = parse(s.xml());
            String created = text(xml, "/domainsnapshot/creationTime");
            rows.add(List.of(s.name(), created.isEmpty() ? "-"
                    : Instant.ofEpochSecond(Long.parseLong(created)).toString(), text(xml, "/domainsnapshot/state")));
        }
        return table(List.of("Name", "Creation Time", "State"), rows);
    }

    private String snapshotInfo(Scope scope, Args args) throws ShellException {
        String wanted = args.required(1, "snapshotname");
        GuestSnapshot s = hypervisor.snapshots(domain(scope, args)).stream().filter(x -> x.name().equals(wanted))
                .findFirst().orElseThrow(() -> new ShellException("Domain snapshot not found: no domain snapshot with"
                        + " matching name '" + wanted + "'"));
        Document xml = parse(s.xml());
        return String.format("%-15s %s%n%-15s %s%n%-15s %s%n%-15s %s%n%-15s %s", "Name:", s.name(), "Domain:",
                args.required(0, "domain"), "Current:", s.current() ? "yes" : "no", "State:",
                text(xml, "/domainsnapshot/state"), "Location:", text(xml, "/domainsnapshot/disks/disk/@snapshot")
                        .isEmpty() ? "internal" : text(xml, "/domainsnapshot/disks/disk/@snapshot"));
    }

    private String volList(Scope scope, Args args) throws ShellException {
        String pool = args.required(0, "pool");
        if (!POOL.equals(pool)) {
            throw new ShellException("failed to get pool '" + pool + "'");
        }
        String prefix = LabRuntime.PREFIX + scope.sessionId() + "-";
        List<List<String>> rows = new ArrayList<>();
        for (String volume : hypervisor.listVolumes(runtime.pool(), prefix)) {
            rows.add(List.of(volume.substring(prefix.length()), "(" + POOL + ")"));
        }
        return table(List.of("Name", "Path"), rows);
    }

    private String netDumpxml(Scope scope, Args args) throws ShellException {
        String network = args.required(0, "network");
        if (!NETWORK.equals(network)) {
            throw new ShellException("failed to get network '" + network + "'");
        }
        return hypervisor.networkXml(LabRuntime.NETWORK).strip();
    }

    private String domblklist(Scope scope, Args args) throws ShellException {
        Document xml = parse(hypervisor.xml(domain(scope, args), XmlView.INACTIVE));
        List<List<String>> rows = new ArrayList<>();
        for (Element disk : select(xml, "/domain/devices/disk")) {
            Element target = Xml.child(disk, "target");
            rows.add(List.of(target == null ? "-" : target.getAttribute("dev"), "(" + POOL + ")"));
        }
        return table(List.of("Target", "Source"), rows);
    }

    private String domiflist(Scope scope, Args args) throws ShellException {
        Document xml = parse(hypervisor.xml(domain(scope, args), XmlView.LIVE));
        List<List<String>> rows = new ArrayList<>();
        for (Element nic : select(xml, "/domain/devices/interface")) {
            Element target = Xml.child(nic, "target");
            Element model = Xml.child(nic, "model");
            Element mac = Xml.child(nic, "mac");
            rows.add(List.of(target == null ? "-" : target.getAttribute("dev"), nic.getAttribute("type"), NETWORK,
                    model == null ? "-" : model.getAttribute("type"), mac == null ? "-" : mac.getAttribute("address")));
        }
        return table(List.of("Interface", "Type", "Source", "Model", "MAC"), rows);
    }

    private String stats(Scope scope, Args args, String prefix) throws ShellException {
        String name = domain(scope, args);
        if (!hypervisor.state(name).isActive()) {
            throw new ShellException("Requested operation is not valid: domain is not running");
        }
        StringBuilder out = new StringBuilder();
        hypervisor.stats(name).forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.append(k.substring(prefix.length())).append(' ').append(v).append('\n');
            }
        });
        return out.length() == 0 ? "(no statistics: the guest does not report them)" : out.toString().stripTrailing();
    }

    private String agentCommand(Scope scope, Args args) throws ShellException {
        String name = domain(scope, args);
        String json = args.required(1, "cmd");
        String execute = json.replaceAll("(?s).*\"execute\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        if (execute.equals(json) || !AGENT_COMMANDS.contains(execute)) {
            throw new ShellException("kvmlab only sends read-only agent commands: " + String.join(", ",
                    AGENT_COMMANDS.stream().sorted().toList()));
        }
        return hypervisor.agentCommand(name, "{\"execute\":\"" + execute + "\"}", AGENT_TIMEOUT);
    }

    private String domtime(Scope scope, Args args) throws ShellException {
        String reply = hypervisor.agentCommand(domain(scope, args), "{\"execute\":\"guest-get-time\"}", AGENT_TIMEOUT);
        String nanos = reply.replaceAll("(?s).*\"return\"\\s*:\\s*(\\d+).*", "$1");
        if (nanos.equals(reply)) {
            throw new ShellException("the guest agent gave no time");
        }
        return "Time: " + Instant.ofEpochSecond(0, Long.parseLong(nanos)).toString().replace('T', ' ').replace("Z", "");
    }

    /** A virsh-style table: a header, a rule, aligned rows. */
    static String table(List<String> header, List<List<String>> rows) {
        int[] width = new int[header.size()];
        for (int i = 0; i < header.size(); i++) {
            width[i] = header.get(i).length();
            for (List<String> r : rows) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        appendRow(out, header, width);
        int total = 1;
        for (int w : width) {
            total += w + 3;
        }
        out.append("-".repeat(total)).append('\n');
        rows.forEach(r -> appendRow(out, r, width));
        return out.toString().stripTrailing();
    }

    private static void appendRow(StringBuilder out, List<String> cells, int[] width) {
        out.append(' ');
        for (int i = 0; i < cells.size(); i++) {
            boolean last = i == cells.size() - 1;
            out.append(last ? cells.get(i) : String.format("%-" + width[i] + "s   ", cells.get(i)));
        }
        out.append('\n');
    }

    private static Document parse(String xml) throws ShellException {
        try {
            return Xml.parse(xml);
        } catch (XmlException e) {
            throw new ShellException("libvirt returned XML kvmlab cannot read");
        }
    }

    private static String text(Document doc, String xpath) {
        try {
            if (xpath.contains("/@")) {
                Element e = Xml.first(doc, xpath.substring(0, xpath.lastIndexOf("/@")));
                return e == null ? "" : e.getAttribute(xpath.substring(xpath.lastIndexOf("/@") + 2));
            }
            Element e = Xml.first(doc, xpath);
            return e == null ? "" : e.getTextContent().strip();
        } catch (XmlException e) {
            return "";
        }
    }

    private static List<Element> select(Document doc, String xpath) throws ShellException {
        try {
            return Xml.select(doc, xpath);
        } catch (XmlException e) {
            throw new ShellException("libvirt returned XML kvmlab cannot read");
        }
    }

    private static long kib(Document doc, String xpath) {
        try {
            Element e = Xml.first(doc, xpath);
            if (e == null) {
                return 0;
            }
            long value = Long.parseLong(e.getTextContent().strip());
            return switch (e.getAttribute("unit")) {
                case "b", "bytes" -> value / 1024;
                case "M", "MiB" -> value * 1024;
                case "G", "GiB" -> value * 1024 * 1024;
                default -> value;
            };
        } catch (XmlException | NumberFormatException e) {
            return 0;
        }
    }
}
