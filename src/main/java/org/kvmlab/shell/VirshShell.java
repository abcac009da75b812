package org.kvmlab.shell;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.kvmlab.guest.GuestBlockInfo;
import org.kvmlab.guest.GuestVcpu;
import org.kvmlab.guest.GuestSnapshot;
import org.kvmlab.guest.GuestState;
import org.kvmlab.guest.Hypervisor;
import org.kvmlab.guest.HypervisorException;
import org.kvmlab.guest.XmlView;
import org.kvmlab.policy.CommandPolicy;
import org.kvmlab.policy.PolicyRefusal;
import org.kvmlab.policy.PolicyViolation;
import org.kvmlab.policy.SnapshotPolicy;
import org.kvmlab.policy.VolumePolicy;
import org.kvmlab.session.ApplyResult;
import org.kvmlab.session.LabRuntime;
import org.kvmlab.session.PowerAction;
import org.kvmlab.session.SessionException;
import org.kvmlab.session.WorkspaceService;
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
    public static final String NETWORK = WorkspaceService.NETWORK;
    /** Guest agent commands that only read; qemu-agent-command refuses every other. */
    static final Set<String> AGENT_COMMANDS = Set.of("guest-ping", "guest-info", "guest-get-osinfo",
            "guest-get-host-name", "guest-get-time", "guest-get-timezone", "guest-get-vcpus", "guest-get-fsinfo",
            "guest-network-get-interfaces", "guest-get-users", "guest-get-memory-blocks", "guest-get-disks");
    private static final Duration AGENT_TIMEOUT = Duration.ofSeconds(10);
    private static final Set<String> CONFIG_FLAGS = Set.of("config", "live", "current");
    private static final Set<String> CONFIG_FLAGS_MAX = Set.of("config", "live", "current", "maximum");
    private static final Set<String> CONFIG_FLAGS_PERSISTENT = Set.of("config", "live", "current", "persistent");
    private static final Set<String> GUESTINFO_KINDS = Set.of("os", "hostname", "timezone", "users", "filesystem");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The session a shell acts for; {@code volumeQuota} checks a new volume's size against its learner's disk
     * cap across all their sessions (and throws to refuse).
     */
    public record Scope(String sessionId, Lab lab, java.util.function.LongConsumer volumeQuota) {
        public Scope(String sessionId, Lab lab) {
            this(sessionId, lab, bytes -> { });
        }
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
            CommandPolicy allowed = runtime.policy(scope.lab()).commands();
            Optional<String> refusal = allowed.refusal(name);
            if (refusal.isPresent()) {
                return ShellResult.refused(refusal.get());
            }
            Command command = commands.get(name);
            if (command == null || !allowed.allows(name)) {
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
            if ("net-edit".equals(name)) {
                network(args);
                return new ShellResult("Opening the network editor for " + NETWORK + ". Apply restarts the network;"
                        + " shut your guests down first.", 0, Optional.empty(), true, Optional.empty());
            }
            return ShellResult.ok(command.handler().run(scope, args));
        } catch (ShellException.Refused e) {
            return ShellResult.refused(e.getMessage());
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
            CommandPolicy allowed = runtime.policy(scope.lab()).commands();
            commands.keySet().stream().filter(allowed::allows).forEach(candidates::add);
        } else {
            scope.lab().guests().forEach(g -> candidates.add(g.name()));
            candidates.add(POOL);
            try {
                candidates.addAll(runtime.learnerVolumes(scope.sessionId()).keySet());
            } catch (HypervisorException e) {
                // completion offers what it can
            }
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
        add("suspend", "suspend <domain>", "Pauses a running guest: its vCPUs stop, its memory stays.", Set.of(),
                Set.of(), 1, this::suspend);
        add("resume", "resume <domain>", "Lets a paused guest run again.", Set.of(), Set.of(), 1, this::resume);
        add("setvcpus", "setvcpus <domain> <count> [--config] [--maximum]", "Changes the number of vCPUs the guest"
                + " boots with, or with --maximum the most it may have.", CONFIG_FLAGS_MAX, Set.of(), 2, this::setvcpus);
        add("setmem", "setmem <domain> <size> [--config] [--live] [--current]", "Changes the guest's memory: live"
                + " through the balloon, or in the stored definition. Size in KiB, or with a unit: 512M, 1G.",
                CONFIG_FLAGS, Set.of(), 2, this::setmem);
        add("setmaxmem", "setmaxmem <domain> <size> [--config]", "Changes the most memory the guest may have, in the"
                + " stored definition. Size in KiB, or with a unit: 512M, 1G.", CONFIG_FLAGS, Set.of(), 2,
                this::setmaxmem);
        add("vcpuinfo", "vcpuinfo <domain>", "Shows where each vCPU of a running guest runs.", Set.of(), Set.of(), 1,
                this::vcpuinfo);
        add("vcpupin", "vcpupin <domain> [<vcpu>] [<cpulist>] [--config]", "Shows the vCPU pinning, or pins a vCPU"
                + " to host CPUs (e.g. 'vcpupin web01 0 1' or '0-1').", CONFIG_FLAGS, Set.of(), 3, this::vcpupin);
        add("emulatorpin", "emulatorpin <domain> [<cpulist>] [--config]", "Shows or pins the host CPUs of the"
                + " guest's emulator threads.", CONFIG_FLAGS, Set.of(), 2, this::emulatorpin);
        add("iothreadinfo", "iothreadinfo <domain>", "Lists the guest's IOThreads and their CPU affinity.", Set.of(),
                Set.of(), 1, this::iothreadinfo);
        add("iothreadadd", "iothreadadd <domain> <id> [--config]", "Adds an IOThread, for disks to use"
                + " (driver iothread='N').", CONFIG_FLAGS, Set.of(), 2, this::iothreadadd);
        add("domblkinfo", "domblkinfo <domain> <device> [--human]", "Sizes of one disk: capacity, allocation,"
                + " physical.", Set.of("human"), Set.of(), 2, this::domblkinfo);
        add("blkdeviotune", "blkdeviotune <domain> <device> [--total-bytes-sec N] … [--config]", "Shows a disk's I/O"
                + " limits, or sets them (0 removes a limit).", CONFIG_FLAGS, DomainEdits.IOTUNE.keySet(), 2,
                this::blkdeviotune);
        add("attach-disk", "attach-disk <domain> <volume> <target> [--targetbus virtio] [--subdriver qcow2]"
                + " [--cache none] [--config]", "Adds one of your volumes (see vol-list lab) as a disk.",
                CONFIG_FLAGS_PERSISTENT, Set.of("targetbus", "subdriver", "driver", "cache"), 3, this::attachDisk);
        add("detach-disk", "detach-disk <domain> <target> [--config]", "Removes a disk from the guest (the volume"
                + " stays).", CONFIG_FLAGS_PERSISTENT, Set.of(), 2, this::detachDisk);
        add("attach-interface", "attach-interface <domain> network lab [--model virtio] [--mac <mac>] [--config]",
                "Adds a network card on the lab network.", CONFIG_FLAGS_PERSISTENT, Set.of("model", "mac"), 3,
                this::attachInterface);
        add("detach-interface", "detach-interface <domain> network [--mac <mac>] [--config]", "Removes a network"
                + " card.", CONFIG_FLAGS_PERSISTENT, Set.of("mac"), 2, this::detachInterface);
        add("autostart", "autostart <domain> [--disable]", "Starts the guest with the host, or stops doing so.",
                Set.of("disable"), Set.of(), 1, this::autostart);
        add("snapshot-create-as", "snapshot-create-as <domain> [<name>] [--description <text>]", "Takes an"
                + " internal snapshot of the guest.", Set.of(), Set.of("description", "name"), 2, this::snapshotCreate);
        add("snapshot-list", "snapshot-list <domain>", "Lists the guest's snapshots.", Set.of(), Set.of(), 1,
                this::snapshotList);
        add("snapshot-info", "snapshot-info <domain> <snapshot>", "Shows facts about one snapshot.", Set.of(),
                Set.of(), 2, this::snapshotInfo);
        add("snapshot-revert", "snapshot-revert <domain> <snapshot>", "Puts the guest back to a snapshot.",
                Set.of(), Set.of("snapshotname"), 2, this::snapshotRevert);
        add("snapshot-delete", "snapshot-delete <domain> <snapshot>", "Deletes a snapshot.", Set.of(),
                Set.of("snapshotname"), 2, this::snapshotDelete);
        add("pool-list", "pool-list [--all]", "Lists your storage pools.", Set.of("all"), Set.of(), 0,
                (s, a) -> table(List.of("Name", "State", "Autostart"), List.of(List.of(POOL, "active", "yes"))));
        add("vol-list", "vol-list <pool>", "Lists the volumes (disks) of your pool.", Set.of(), Set.of(), 1,
                this::volList);
        add("vol-info", "vol-info <volume> [--pool lab]", "Shows a volume's type, capacity and allocation.",
                Set.of(), Set.of("pool"), 1, this::volInfo);
        add("vol-create-as", "vol-create-as <pool> <name> <capacity> [--format raw|qcow2]", "Makes an empty volume"
                + " of your own (up to 4, 8 GiB each). Capacity in bytes, or with a unit: 512M, 2G.", Set.of(),
                Set.of("format", "allocation"), 3, this::volCreateAs);
        add("vol-delete", "vol-delete <volume> [--pool lab]", "Deletes a volume you made.", Set.of(),
                Set.of("pool"), 1, this::volDelete);
        add("net-list", "net-list [--all]", "Lists your networks.", Set.of("all"), Set.of(), 0,
                (s, a) -> table(List.of("Name", "State", "Autostart", "Persistent"),
                        List.of(List.of(NETWORK, "active", "yes", "yes"))));
        add("net-dumpxml", "net-dumpxml <network> [--inactive]", "Prints your network's XML.", Set.of("inactive"),
                Set.of(), 1, this::netDumpxml);
        add("net-info", "net-info <network>", "Shows facts about your network.", Set.of(), Set.of(), 1,
                this::netInfo);
        add("net-edit", "net-edit <network>", "Opens your network's XML in the network editor (it is your session's"
                + " own, isolated network).", Set.of(), Set.of(), 1, (s, a) -> "");
        add("vol-dumpxml", "vol-dumpxml <volume> [--pool lab]", "Prints a volume's XML.", Set.of(), Set.of("pool"), 1,
                this::volDumpxml);
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
        add("guestinfo", "guestinfo <domain> [--os] [--hostname] [--timezone] [--users] [--filesystem]",
                "What the guest agent reports about the guest's system.", GUESTINFO_KINDS, Set.of(), 1,
                this::guestinfo);
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
            if (c == null || !runtime.policy(scope.lab()).commands().allows(c.name())) {
                throw new ShellException("command '" + which.get() + "' doesn't exist");
            }
            return help(c);
        }
        CommandPolicy allowed = runtime.policy(scope.lab()).commands();
        StringBuilder out = new StringBuilder("Commands (type <command> --help for details):\n");
        commands.values().stream().filter(c -> allowed.allows(c.name()))
                .forEach(c -> out.append(String.format("    %-20s %s%n", c.name(), c.description())));
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
        if (!SnapshotPolicy.NAME.matcher(name).matches()) {
            throw new ShellException("invalid snapshot name '" + name + "': use letters, digits, '.', '_' and '-'");
        }
        try {
            runtime.snapshot(scope.sessionId(), scope.lab(), guest, name, args.option("description").orElse(""));
        } catch (IllegalArgumentException e) {
            throw new ShellException(e.getMessage());
        }
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

    private static void network(Args args) throws ShellException {
        String network = args.required(0, "network");
        if (!NETWORK.equals(network)) {
            throw new ShellException("failed to get network '" + network + "'");
        }
    }

    private String netDumpxml(Scope scope, Args args) throws ShellException {
        network(args);
        String name = LabRuntime.networkName(scope.sessionId());
        return hypervisor.networkXml(name, args.flag("inactive") ? XmlView.INACTIVE : XmlView.LIVE).strip();
    }

    private String netInfo(Scope scope, Args args) throws ShellException {
        network(args);
        Document xml = parse(hypervisor.networkXml(LabRuntime.networkName(scope.sessionId()), XmlView.LIVE));
        return String.format("%-15s %s%n%-15s %s%n%-15s %s%n%-15s %s%n%-15s %s%n%-15s %s", "Name:", NETWORK,
                "UUID:", text(xml, "/network/uuid"), "Active:", "yes", "Persistent:", "yes", "Autostart:", "no",
                "Bridge:", text(xml, "/network/bridge/@name"));
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
        String execute;
        try {
            JsonNode request = JSON.readTree(json);
            execute = request == null ? "" : request.path("execute").asText("");
        } catch (JsonProcessingException e) {
            throw new ShellException("the agent command is not valid JSON: write it as '{\"execute\":\"guest-info\"}'");
        }
        if (!AGENT_COMMANDS.contains(execute)) {
            throw new ShellException.Refused("kvmlab only sends read-only agent commands: " + String.join(", ",
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

    private interface Edit {
        void apply(Document doc) throws ShellException;
    }

    /**
     * Changes the stored definition of a guest, like {@code virsh … --config}: the edited XML goes through the
     * same policy as the editor's Apply. Live changes of this kind are not offered, so a running guest needs
     * {@code --config}; the answer says when the change waits for the next boot.
     */
    private String editConfig(Scope scope, Args args, Edit edit, String done) throws ShellException {
        LabGuest guest = guest(scope, args.required(0, "domain"));
        boolean running = runtime.state(scope.sessionId(), guest.name()).isActive();
        if (args.flag("live") || (running && !args.flag("config"))) {
            throw new ShellException("kvmlab's virsh makes this change in the stored definition only: add --config."
                    + " It takes effect when " + guest.name() + " next boots (shut it down, then start it).");
        }
        Document doc = parse(runtime.inactiveXml(scope.sessionId(), guest.name()));
        edit.apply(doc);
        try {
            ApplyResult result = runtime.applyXml(scope.sessionId(), scope.lab(), guest, Xml.toString(doc));
            String note = result.restartNeeded() ? "The definition changed; " + guest.name() + " is running, so it"
                    + " takes effect at its next boot." : "";
            return done.isEmpty() ? note : note.isEmpty() ? done : done + "\n" + note;
        } catch (PolicyRefusal e) {
            throw new ShellException.Refused("kvmlab did not apply this change: " + String.join(" ",
                    e.violations().stream().map(PolicyViolation::message).toList()));
        } catch (XmlException e) {
            throw new ShellException("kvmlab did not apply this change: " + e.getMessage());
        }
    }

    private String suspend(Scope scope, Args args) throws ShellException {
        String guest = guest(scope, args.required(0, "domain")).name();
        String name = LabRuntime.platformName(scope.sessionId(), guest);
        if (!hypervisor.state(name).isActive()) {
            throw new ShellException("Failed to suspend domain '" + guest + "'\nerror: Requested operation is not"
                    + " valid: domain is not running");
        }
        hypervisor.suspend(name);
        return "Domain '" + guest + "' suspended";
    }

    private String resume(Scope scope, Args args) throws ShellException {
        String guest = guest(scope, args.required(0, "domain")).name();
        String name = LabRuntime.platformName(scope.sessionId(), guest);
        if (hypervisor.state(name) != GuestState.PAUSED) {
            throw new ShellException("Failed to resume domain '" + guest + "'\nerror: Requested operation is not"
                    + " valid: domain is not paused");
        }
        hypervisor.resume(name);
        return "Domain '" + guest + "' resumed";
    }

    private String setvcpus(Scope scope, Args args) throws ShellException {
        int count = integer(args.required(1, "count"), "count");
        if (args.flag("maximum") && !args.flag("config")) {
            throw new ShellException("--maximum must be used with --config");
        }
        return editConfig(scope, args, doc -> DomainEdits.setVcpus(doc, count, args.flag("maximum")), "");
    }

    private String setmem(Scope scope, Args args) throws ShellException {
        long kib = scaled(args.required(1, "size"), 1024, "size") / 1024;
        String guest = guest(scope, args.required(0, "domain")).name();
        String name = LabRuntime.platformName(scope.sessionId(), guest);
        boolean running = hypervisor.state(name).isActive();
        if (args.flag("config") || (!running && !args.flag("live"))) {
            return editConfig(scope, args, doc -> DomainEdits.setCurrentMemory(doc, kib), "");
        }
        if (!running) {
            throw new ShellException("Requested operation is not valid: domain is not running");
        }
        if (kib > DomainEdits.kib(parse(hypervisor.xml(name, XmlView.LIVE)), "/domain/memory")) {
            throw new ShellException("invalid argument: cannot set memory higher than max memory");
        }
        hypervisor.setLiveMemory(name, kib);
        return "";
    }

    private String setmaxmem(Scope scope, Args args) throws ShellException {
        long kib = scaled(args.required(1, "size"), 1024, "size") / 1024;
        return editConfig(scope, args, doc -> DomainEdits.setMaxMemory(doc, kib), "");
    }

    private String vcpuinfo(Scope scope, Args args) throws ShellException {
        String name = domain(scope, args);
        if (!hypervisor.state(name).isActive()) {
            throw new ShellException("Requested operation is not valid: domain is not active");
        }
        Document live = parse(hypervisor.xml(name, XmlView.LIVE));
        int hostCpus = hypervisor.info().hostCpus();
        StringBuilder out = new StringBuilder();
        for (GuestVcpu v : hypervisor.vcpus(name)) {
            String pin = DomainEdits.vcpuPin(live, v.number());
            out.append(String.format("%-15s %d%n%-15s %d%n%-15s %s%n%-15s %.1fs%n%-15s %s%n%n", "VCPU:", v.number(),
                    "CPU:", v.hostCpu(), "State:", v.state(), "CPU time:", v.cpuTimeNanos() / 1e9, "CPU Affinity:",
                    affinityMask(pin, hostCpus)));
        }
        return out.toString().stripTrailing();
    }

    /** The definition a display command reads: the live one of a running guest unless --config asks otherwise. */
    private Document shownXml(Scope scope, Args args) throws ShellException {
        String name = domain(scope, args);
        boolean live = hypervisor.state(name).isActive() && !args.flag("config");
        return parse(hypervisor.xml(name, live ? XmlView.LIVE : XmlView.INACTIVE));
    }

    private String vcpupin(Scope scope, Args args) throws ShellException {
        Optional<String> cpuList = args.positional(2);
        if (cpuList.isPresent()) {
            int vcpu = integer(args.required(1, "vcpu"), "vcpu");
            String cpus = cpuList(cpuList.get());
            return editConfig(scope, args, doc -> DomainEdits.pinVcpu(doc, vcpu, cpus), "");
        }
        Document xml = shownXml(scope, args);
        String all = allCpus();
        List<List<String>> rows = new ArrayList<>();
        Optional<Integer> only = args.positional(1).isPresent()
                ? Optional.of(integer(args.positional(1).get(), "vcpu")) : Optional.empty();
        for (int v = 0; v < DomainEdits.maxVcpus(xml); v++) {
            if (only.isEmpty() || only.get() == v) {
                String pin = DomainEdits.vcpuPin(xml, v);
                rows.add(List.of(Integer.toString(v), pin == null ? all : pin));
            }
        }
        if (rows.isEmpty()) {
            throw new ShellException("invalid argument: vcpu " + only.orElse(0) + " is out of range");
        }
        return table(List.of("VCPU", "CPU Affinity"), rows);
    }

    private String emulatorpin(Scope scope, Args args) throws ShellException {
        Optional<String> cpuList = args.positional(1);
        if (cpuList.isPresent()) {
            String cpus = cpuList(cpuList.get());
            return editConfig(scope, args, doc -> DomainEdits.pinEmulator(doc, cpus), "");
        }
        String pin = DomainEdits.emulatorPin(shownXml(scope, args));
        return "emulator: CPU Affinity\n----------------------------------\n       *: " + (pin == null ? allCpus() : pin);
    }

    private String iothreadinfo(Scope scope, Args args) throws ShellException {
        Document xml = shownXml(scope, args);
        int count = DomainEdits.iothreads(xml);
        if (count == 0) {
            return "No IOThreads found for the domain";
        }
        List<List<String>> rows = new ArrayList<>();
        for (int id = 1; id <= count; id++) {
            String pin = DomainEdits.iothreadPin(xml, id);
            rows.add(List.of(Integer.toString(id), pin == null ? allCpus() : pin));
        }
        return table(List.of("IOThread ID", "CPU Affinity"), rows);
    }

    private String iothreadadd(Scope scope, Args args) throws ShellException {
        int id = integer(args.required(1, "id"), "id");
        return editConfig(scope, args, doc -> DomainEdits.addIothread(doc, id), "");
    }

    private String domblkinfo(Scope scope, Args args) throws ShellException {
        String name = domain(scope, args);
        String device = args.required(1, "device");
        Element disk = DomainEdits.disk(parse(hypervisor.xml(name, XmlView.LIVE)), device);
        String target = Xml.child(disk, "target").getAttribute("dev");
        GuestBlockInfo info = hypervisor.blockInfo(name, target);
        boolean human = args.flag("human");
        return String.format("%-15s %s%n%-15s %s%n%-15s %s", "Capacity:", size(info.capacity(), human), "Allocation:",
                size(info.allocation(), human), "Physical:", size(info.physical(), human));
    }

    private String blkdeviotune(Scope scope, Args args) throws ShellException {
        String device = args.required(1, "device");
        Map<String, Long> wanted = new LinkedHashMap<>();
        for (var option : DomainEdits.IOTUNE.entrySet()) {
            if (args.option(option.getKey()).isPresent()) {
                wanted.put(option.getValue(), unsigned(args.option(option.getKey()).get(), option.getKey()));
            }
        }
        if (wanted.isEmpty()) {
            StringBuilder out = new StringBuilder();
            DomainEdits.iotune(DomainEdits.disk(shownXml(scope, args), device))
                    .forEach((k, v) -> out.append(String.format("%-16s %d%n", k + ":", v)));
            return out.toString().stripTrailing();
        }
        return editConfig(scope, args, doc -> DomainEdits.setIotune(DomainEdits.disk(doc, device), wanted), "");
    }

    private String attachDisk(Scope scope, Args args) throws ShellException {
        String volume = args.required(1, "source");
        String target = args.required(2, "target");
        if (volume.contains("/")) {
            throw new ShellException.Refused("kvmlab's virsh attaches your own volumes by name (see 'vol-list " + POOL
                    + "'), never a host path");
        }
        String path = runtime.learnerVolumes(scope.sessionId()).get(volume);
        if (path == null) {
            throw new ShellException("failed to get vol '" + volume + "': make one first, e.g. 'vol-create-as "
                    + POOL + " " + volume + " 1G --format qcow2'");
        }
        if (!target.matches("(vd|sd)[a-z]{1,2}")) {
            throw new ShellException("invalid target '" + target + "': use a disk name such as vdb or sdb");
        }
        String bus = args.option("targetbus").orElse(target.startsWith("vd") ? "virtio" : "sata");
        String format = args.option("subdriver").or(() -> args.option("driver").filter(d -> !d.equals("qemu")))
                .orElse(volumeFormat(scope, volume));
        return editConfig(scope, args, doc -> DomainEdits.attachDisk(doc, path, format, target, bus,
                args.option("cache").orElse(null)), "Disk attached successfully");
    }

    private String volumeFormat(Scope scope, String volume) {
        try {
            Element format = Xml.first(Xml.parse(hypervisor.volumeXml(runtime.pool(),
                    LabRuntime.PREFIX + scope.sessionId() + "-" + volume)), "/volume/target/format");
            return format == null ? "raw" : format.getAttribute("type");
        } catch (XmlException e) {
            return "raw";
        }
    }

    private String detachDisk(Scope scope, Args args) throws ShellException {
        String target = args.required(1, "target");
        return editConfig(scope, args, doc -> DomainEdits.detachDisk(doc, target), "Disk detached successfully");
    }

    private String attachInterface(Scope scope, Args args) throws ShellException {
        networkOnly(args.required(1, "type"));
        String source = args.required(2, "source");
        if (!NETWORK.equals(source)) {
            throw new ShellException("failed to get network '" + source + "': your guests use the network '"
                    + NETWORK + "'");
        }
        String mac = mac(args);
        return editConfig(scope, args, doc -> DomainEdits.attachInterface(doc, args.option("model").orElse(null),
                mac), "Interface attached successfully");
    }

    private String detachInterface(Scope scope, Args args) throws ShellException {
        networkOnly(args.required(1, "type"));
        String mac = mac(args);
        return editConfig(scope, args, doc -> DomainEdits.detachInterface(doc, mac), "Interface detached successfully");
    }

    private static void networkOnly(String type) throws ShellException {
        if (!"network".equals(type)) {
            throw new ShellException.Refused("kvmlab guests use the lab network only: give the type 'network'");
        }
    }

    private static String mac(Args args) throws ShellException {
        Optional<String> mac = args.option("mac");
        if (mac.isPresent() && !DomainEdits.MAC.matcher(mac.get()).matches()) {
            throw new ShellException("unable to parse mac address '" + mac.get() + "'");
        }
        return mac.orElse(null);
    }

    private GuestSnapshot snapshot(Scope scope, Args args) throws ShellException {
        String wanted = args.option("snapshotname").or(() -> args.positional(1))
                .orElseThrow(() -> new ShellException("command requires <snapshotname> option"));
        return hypervisor.snapshots(domain(scope, args)).stream().filter(x -> x.name().equals(wanted)).findFirst()
                .orElseThrow(() -> new ShellException("Domain snapshot not found: no domain snapshot with matching"
                        + " name '" + wanted + "'"));
    }

    private String snapshotRevert(Scope scope, Args args) throws ShellException {
        GuestSnapshot snapshot = snapshot(scope, args);
        hypervisor.revertSnapshot(domain(scope, args), snapshot.name());
        return "";
    }

    private String snapshotDelete(Scope scope, Args args) throws ShellException {
        GuestSnapshot snapshot = snapshot(scope, args);
        hypervisor.deleteSnapshot(domain(scope, args), snapshot.name());
        return "Domain snapshot " + snapshot.name() + " deleted";
    }

    private static void poolOnly(Optional<String> pool) throws ShellException {
        if (pool.isPresent() && !POOL.equals(pool.get())) {
            throw new ShellException("failed to get pool '" + pool.get() + "'");
        }
    }

    /** The platform name of one of the session's volumes, by the learner's name; others do not exist here. */
    private String volume(Scope scope, Args args) throws ShellException {
        poolOnly(args.option("pool"));
        String volume = args.required(0, "vol");
        String prefix = LabRuntime.PREFIX + scope.sessionId() + "-";
        if (!hypervisor.listVolumes(runtime.pool(), prefix).contains(prefix + volume)) {
            throw new ShellException("failed to get vol '" + volume + "'");
        }
        return prefix + volume;
    }

    private String volDumpxml(Scope scope, Args args) throws ShellException {
        return hypervisor.volumeXml(runtime.pool(), volume(scope, args)).strip();
    }

    private String volInfo(Scope scope, Args args) throws ShellException {
        String volume = args.required(0, "vol");
        Document xml = parse(hypervisor.volumeXml(runtime.pool(), volume(scope, args)));
        return String.format("%-15s %s%n%-15s %s%n%-15s %s%n%-15s %s", "Name:", volume, "Type:", "file",
                "Capacity:", size(bytes(xml, "/volume/capacity"), true), "Allocation:",
                size(bytes(xml, "/volume/allocation"), true));
    }

    private String volCreateAs(Scope scope, Args args) throws ShellException {
        poolOnly(Optional.of(args.required(0, "pool")));
        String name = args.required(1, "name");
        long capacity = scaled(args.required(2, "capacity"), 1, "capacity");
        String format = args.option("format").orElse("raw");
        try {
            VolumePolicy.Volume volume = runtime.policy(scope.lab()).volume().admit(name, format, capacity);
            scope.volumeQuota().accept(volume.capacityBytes());
            runtime.createLearnerVolume(scope.sessionId(), scope.lab(), volume);
        } catch (SessionException e) {
            throw new ShellException("Failed to create vol " + name + "\nerror: " + e.getMessage());
        } catch (PolicyRefusal e) {
            throw new ShellException.Refused("Failed to create vol " + name + "\nerror: " + String.join(" ",
                    e.violations().stream().map(PolicyViolation::message).toList()));
        } catch (IllegalArgumentException e) {
            throw new ShellException("Failed to create vol " + name + "\nerror: " + e.getMessage());
        }
        return "Vol " + name + " created";
    }

    private String volDelete(Scope scope, Args args) throws ShellException {
        poolOnly(args.option("pool"));
        String volume = args.required(0, "vol");
        String path = runtime.learnerVolumes(scope.sessionId()).get(volume);
        if (path != null) {
            for (LabGuest g : scope.lab().guests()) {
                Document xml = parse(runtime.inactiveXml(scope.sessionId(), g.name()));
                if (DomainEdits.hasDisk(xml, path)) {
                    throw new ShellException("Failed to delete vol " + volume + "\nerror: it is a disk of " + g.name()
                            + ": detach it first (detach-disk " + g.name() + " <target> --config)");
                }
            }
        }
        try {
            runtime.deleteLearnerVolume(scope.sessionId(), volume);
        } catch (IllegalArgumentException e) {
            throw new ShellException(e.getMessage());
        }
        return "Vol " + volume + " deleted";
    }

    private String guestinfo(Scope scope, Args args) throws ShellException {
        String name = domain(scope, args);
        boolean all = GUESTINFO_KINDS.stream().noneMatch(args::flag);
        Map<String, String> info = new LinkedHashMap<>();
        if (all || args.flag("users")) {
            JsonNode users = agentReturn(name, "guest-get-users");
            if (users != null) {
                info.put("user.count", Integer.toString(users.size()));
                for (int i = 0; i < users.size(); i++) {
                    info.put("user." + i + ".name", users.get(i).path("user").asText());
                    info.put("user." + i + ".login-time", Long.toString((long) (users.get(i).path("login-time")
                            .asDouble() * 1000)));
                }
            }
        }
        if (all || args.flag("os")) {
            JsonNode os = agentReturn(name, "guest-get-osinfo");
            if (os != null) {
                for (String field : List.of("id", "name", "pretty-name", "version", "version-id", "kernel-release",
                        "kernel-version", "machine")) {
                    if (os.hasNonNull(field)) {
                        info.put("os." + field, os.get(field).asText());
                    }
                }
            }
        }
        if (all || args.flag("timezone")) {
            JsonNode zone = agentReturn(name, "guest-get-timezone");
            if (zone != null) {
                if (zone.hasNonNull("zone")) {
                    info.put("timezone.name", zone.get("zone").asText());
                }
                info.put("timezone.offset", Long.toString(zone.path("offset").asLong()));
            }
        }
        if (all || args.flag("hostname")) {
            JsonNode host = agentReturn(name, "guest-get-host-name");
            if (host != null) {
                info.put("hostname", host.path("host-name").asText());
            }
        }
        if (all || args.flag("filesystem")) {
            JsonNode fs = agentReturn(name, "guest-get-fsinfo");
            if (fs != null) {
                info.put("fs.count", Integer.toString(fs.size()));
                for (int i = 0; i < fs.size(); i++) {
                    info.put("fs." + i + ".name", fs.get(i).path("name").asText());
                    info.put("fs." + i + ".mountpoint", fs.get(i).path("mountpoint").asText());
                    info.put("fs." + i + ".fstype", fs.get(i).path("type").asText());
                }
            }
        }
        if (info.isEmpty()) {
            throw new ShellException("argument unsupported: the guest agent of this guest reports none of these");
        }
        StringBuilder out = new StringBuilder();
        info.forEach((k, v) -> out.append(String.format("%-20s: %s%n", k, v)));
        return out.toString().stripTrailing();
    }

    /** The {@code return} of a read-only agent command, or null when the agent does not offer it. */
    private JsonNode agentReturn(String name, String command) {
        try {
            JsonNode reply = JSON.readTree(hypervisor.agentCommand(name, "{\"execute\":\"" + command + "\"}",
                    AGENT_TIMEOUT));
            return reply.has("return") ? reply.get("return") : null;
        } catch (JsonProcessingException | HypervisorException e) {
            return null;
        }
    }

    private String allCpus() {
        int hostCpus = hypervisor.info().hostCpus();
        return hostCpus <= 1 ? "0" : "0-" + (hostCpus - 1);
    }

    /** A host CPU list, checked against this host's CPUs. */
    private String cpuList(String text) throws ShellException {
        if (!DomainEdits.CPU_LIST.matcher(text).matches()) {
            throw new ShellException("invalid argument: Failed to parse bitmap '" + text + "'");
        }
        int hostCpus = hypervisor.info().hostCpus();
        for (String part : text.split("[,-]")) {
            if (Integer.parseInt(part) >= hostCpus) {
                throw new ShellException("invalid argument: CPU " + part + " does not exist: this host has CPUs 0-"
                        + (hostCpus - 1));
            }
        }
        return text;
    }

    /** virsh's affinity mask: y for each host CPU the list allows, - for the others. */
    static String affinityMask(String cpuList, int hostCpus) {
        boolean[] allowed = new boolean[hostCpus];
        if (cpuList == null) {
            java.util.Arrays.fill(allowed, true);
        } else {
            for (String part : cpuList.split(",")) {
                String[] range = part.split("-");
                int from = Integer.parseInt(range[0]);
                int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
                for (int cpu = from; cpu <= to && cpu < hostCpus; cpu++) {
                    allowed[cpu] = true;
                }
            }
        }
        StringBuilder mask = new StringBuilder();
        for (boolean b : allowed) {
            mask.append(b ? 'y' : '-');
        }
        return mask.toString();
    }

    private static int integer(String text, String what) throws ShellException {
        long value = unsigned(text, what);
        if (value > Integer.MAX_VALUE) {
            throw outOfRange(text, what);
        }
        return (int) value;
    }

    private static long unsigned(String text, String what) throws ShellException {
        try {
            long value = Long.parseLong(text);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw outOfRange(text, what);
    }

    private static ShellException outOfRange(String text, String what) {
        return new ShellException("Numeric value '" + text + "' for <" + what + "> option is malformed or out of"
                + " range");
    }

    /**
     * A size as virsh reads it: a number with an optional unit (b, k/KiB, KB, M/MiB, MB, G/GiB, GB, T/TiB, TB);
     * without a unit, {@code defaultUnit} bytes.
     */
    static long scaled(String text, long defaultUnit, String what) throws ShellException {
        var m = java.util.regex.Pattern.compile("(\\d{1,15})([A-Za-z]*)").matcher(text);
        if (!m.matches()) {
            throw outOfRange(text, what);
        }
        long unit = switch (m.group(2)) {
            case "" -> defaultUnit;
            case "b", "B", "bytes" -> 1;
            case "KB" -> 1000;
            case "k", "K", "KiB" -> 1L << 10;
            case "MB" -> 1000_000;
            case "m", "M", "MiB" -> 1L << 20;
            case "GB" -> 1000_000_000;
            case "g", "G", "GiB" -> 1L << 30;
            case "TB" -> 1000_000_000_000L;
            case "t", "T", "TiB" -> 1L << 40;
            default -> throw new ShellException("invalid argument: unknown suffix '" + m.group(2) + "'");
        };
        long value = Long.parseLong(m.group(1));
        if (value > Long.MAX_VALUE / unit) {
            throw outOfRange(text, what);
        }
        return value * unit;
    }

    /** Bytes, or with {@code human} in virsh's style: {@code 2.00 GiB}. */
    static String size(long bytes, boolean human) {
        if (!human) {
            return Long.toString(bytes);
        }
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " bytes" : String.format(Locale.ROOT, "%.2f %s", value, units[unit]);
    }

    private static long bytes(Document doc, String xpath) {
        String text = text(doc, xpath);
        try {
            return text.isEmpty() ? 0 : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0;
        }
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
