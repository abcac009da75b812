package org.kvmlab.session;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kvmlab.catalog.Lab;
import org.kvmlab.catalog.LabGuest;
import org.kvmlab.catalog.LabStep;
import org.kvmlab.catalog.SolutionOperation;
import org.kvmlab.catalog.XmlEdit;
import org.kvmlab.grading.GradeReport;
import org.kvmlab.grading.Grader;
import org.kvmlab.guest.Acceleration;
import org.kvmlab.grading.HostFacts;
import org.kvmlab.guest.DomainBlueprint;
import org.kvmlab.guest.GuestAgent;
import org.kvmlab.guest.GuestImage;
import org.kvmlab.guest.GuestMetadata;
import org.kvmlab.guest.GuestSnapshot;
import org.kvmlab.guest.GuestState;
import org.kvmlab.guest.Hypervisor;
import org.kvmlab.guest.HypervisorException;
import org.kvmlab.guest.XmlView;
import org.kvmlab.policy.DomainPolicy;
import org.kvmlab.policy.GuestLimits;
import org.kvmlab.policy.LearnerPolicy;
import org.kvmlab.policy.NetworkPolicy;
import org.kvmlab.policy.PolicyRefusal;
import org.kvmlab.policy.PolicyViolation;
import org.kvmlab.policy.SnapshotPolicy;
import org.kvmlab.policy.VolumePolicy;
import org.kvmlab.xml.Xml;
import org.kvmlab.xml.XmlException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Provisions, operates and removes the guests of lab sessions on the hypervisor. Knows nothing of the
 * database: sessions are named by id. Every object it creates is named {@code kvmlab-<session>-…} and every
 * guest carries {@link GuestMetadata}, so {@link #platformObjects()} finds them all again after a crash.
 */
public final class LabRuntime {

    private static final Logger LOG = Logger.getLogger(LabRuntime.class.getName());

    public static final String PREFIX = "kvmlab-";
    /** The suffix of a session's own network: {@code kvmlab-<session>-net}. */
    private static final String NETWORK_SUFFIX = "-net";
    private static final Pattern SESSION_IN_NAME = Pattern.compile(
            "kvmlab-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-.*");
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration AGENT_WAIT = Duration.ofSeconds(60);
    /** The disks kvmlab makes for a lab guest: {@code <guest>-disk<N>.qcow2}. */
    private static final Pattern GUEST_DISK = VolumePolicy.GUEST_DISK;

    private final Hypervisor hypervisor;
    private final Supplier<GuestImage> image;
    private final Supplier<Acceleration> acceleration;
    private final LearnerPolicy policy;
    /** Each lab version's policy, built once: lab id and version → policy. */
    private final Map<String, LearnerPolicy> labPolicies = new java.util.concurrent.ConcurrentHashMap<>();
    private final Path diskFolder;
    private final String pool;
    private final String instance;
    private final Grader grader;
    /** Makes a booting session's network while its disks are made and its guests defined. */
    private final Executor beside;

    /**
     * A runtime that does each boot's work in order on the booting thread.
     *
     * @param diskFolder where session disks live
     * @param instance this platform instance's id: its guests carry it, and its pool is named after it
     */
    public LabRuntime(Hypervisor hypervisor, Supplier<GuestImage> image, Supplier<Acceleration> acceleration,
                      LearnerPolicy policy, Path diskFolder, String instance) {
        this(hypervisor, image, acceleration, policy, diskFolder, instance, Runnable::run);
    }

    /**
     * @param diskFolder where session disks live
     * @param instance this platform instance's id: its guests carry it, and its pool is named after it
     * @param beside threads on which a boot makes its session's network meanwhile it makes disks and defines
     *               guests; its tasks never wait on anything but the hypervisor
     */
    public LabRuntime(Hypervisor hypervisor, Supplier<GuestImage> image, Supplier<Acceleration> acceleration,
                      LearnerPolicy policy, Path diskFolder, String instance, Executor beside) {
        this.beside = beside;
        this.hypervisor = hypervisor;
        this.image = image;
        this.acceleration = acceleration;
        this.policy = policy;
        this.diskFolder = diskFolder;
        this.instance = instance;
        this.pool = poolName(instance);
        this.grader = new Grader(hypervisor, pool, new HostFacts());
    }

    public Hypervisor hypervisor() {
        return hypervisor;
    }

    /** This platform instance's id. */
    public String instance() {
        return instance;
    }

    /** The learner policy of a lab: the platform's, adapted by the lab's own settings. */
    public LearnerPolicy policy(Lab lab) {
        return labPolicies.computeIfAbsent(lab.id() + "@" + lab.version() + "#" + lab.policy().hashCode(),
                key -> policy.forLab(lab.policy()));
    }

    /** The storage pool that holds this instance's session disks. */
    public String pool() {
        return pool;
    }

    /** Creates the storage pool when missing. */
    public void prepareHost() {
        hypervisor.ensurePool(pool, diskFolder);
    }

    /**
     * The platform's name of a session's own isolated network. Each session has its own, so one learner's
     * guests cannot reach another learner's, not even on layer 2.
     */
    public static String networkName(String sessionId) {
        return PREFIX + sessionId + NETWORK_SUFFIX;
    }

    /** Makes sure the session's network exists and runs (as the learner last defined it, or a fresh one). */
    public void ensureNetwork(String sessionId) {
        hypervisor.ensureIsolatedNetwork(networkName(sessionId), null);
    }

    /** The storage pool of a platform instance's disks. */
    public static String poolName(String instance) {
        return PREFIX + "disks-" + instance;
    }

    /** The platform's name for a learner's guest. */
    public static String platformName(String sessionId, String learnerName) {
        return PREFIX + sessionId + "-" + learnerName;
    }

    /** The session id inside a platform object name, if it has one. */
    public static Optional<String> sessionIdIn(String objectName) {
        Matcher m = SESSION_IN_NAME.matcher(objectName);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Creates disks, defines and boots every guest of the lab. On failure nothing is left behind. */
    public void provision(String sessionId, Lab lab, Instant expiresAt) {
        provision(sessionId, lab, expiresAt, new BootLaps());
    }

    /**
     * The session's network is made beside the disks, the policy's judgement and the define (none of which needs
     * it), and waited for before the first guest starts: on a busy host making a network takes up to 0.2 s.
     */
    private void provision(String sessionId, Lab lab, Instant expiresAt, BootLaps laps) {
        CompletableFuture<Void> network = CompletableFuture.runAsync(() -> ensureNetwork(sessionId), beside);
        if (network.isDone()) {
            laps.lap("network"); // made right here: no threads beside
        }
        try {
            for (LabGuest guest : lab.guests()) {
                provisionGuest(sessionId, lab, guest, expiresAt, laps, network);
            }
        } catch (RuntimeException | XmlException | PolicyRefusal e) {
            LOG.warning(() -> "provisioning session " + sessionId + " failed: " + e.getMessage());
            network.exceptionally(ignored -> null).join(); // a network still being made would outlive the teardown
            teardown(sessionId);
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new HypervisorException(HypervisorException.Reason.INVALID_CONFIG,
                    "the lab's starting XML is not valid: " + e.getMessage(), e);
        }
    }

    private void provisionGuest(String sessionId, Lab lab, LabGuest guest, Instant expiresAt, BootLaps laps,
                                CompletableFuture<Void> network) throws XmlException, PolicyRefusal {
        String name = platformName(sessionId, guest.name());
        GuestImage img = image.get();
        List<String> disks = new ArrayList<>();
        int count = DomainBlueprint.diskCount(guest.domainXml());
        for (int i = 0; i < count; i++) {
            disks.add(hypervisor.createOverlay(pool, name + "-disk" + i + ".qcow2", img.baseDisk(),
                    img.baseCapacityBytes()));
        }
        laps.lap("disks");
        String xml = DomainBlueprint.build(guest.domainXml(), new DomainBlueprint.Spec(name,
                new GuestMetadata(instance, sessionId, lab.id(), guest.name(), expiresAt), acceleration.get(), img, disks,
                networkName(sessionId), guest.platformAgentChannel()));
        List<PolicyViolation> violations = policy(lab).domain().judgeStandalone(xml, limits(guest));
        if (!violations.isEmpty()) {
            throw new PolicyRefusal(violations);
        }
        laps.lap("policy");
        hypervisor.define(xml);
        laps.lap("define");
        awaitNetwork(network);
        laps.lap("network"); // the part of making it that the boot waited for
        hypervisor.start(name);
        laps.lap("start");
    }

    private static void awaitNetwork(CompletableFuture<Void> network) {
        try {
            network.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * Removes every guest, disk and network of a session. Idempotent; safe after a crash.
     *
     * <p>It looks again until a look finds nothing ({@link #TEARDOWN_LOOKS} at most), so a listing that left
     * something out is made up for. libvirt-java's own listings did (a disk made by another boot between their
     * count and their names pushed one name out, and a recycled warm-pool guest's disk stayed behind); the
     * hypervisor now lists in one libvirt call, and this stays as a second line.
     */
    public void teardown(String sessionId) {
        String prefix = PREFIX + sessionId + "-";
        for (int look = 1; ; look++) {
            List<String> guests = hypervisor.listGuests(prefix);
            List<String> volumes = hypervisor.listVolumes(pool, prefix);
            List<String> networks = hypervisor.listNetworks(prefix);
            if (guests.isEmpty() && volumes.isEmpty() && networks.isEmpty()) {
                return;
            }
            if (look == TEARDOWN_LOOKS) {
                LOG.warning(() -> "session " + sessionId + " still has " + String.join(", ", guests) + " "
                        + String.join(", ", volumes) + " " + String.join(", ", networks) + " after "
                        + (TEARDOWN_LOOKS - 1) + " removals; left for the next reconcile");
                return;
            }
            guests.forEach(this::removeGuest);
            volumes.forEach(this::removeVolume);
            networks.forEach(hypervisor::removeNetwork);
        }
    }

    /** Looks (and removals) of one teardown, at most. */
    static final int TEARDOWN_LOOKS = 4;

    /**
     * The volumes a learner made in their session, by the learner's name, with their paths. Disks kvmlab made
     * for the lab's guests are not among them.
     */
    public Map<String, String> learnerVolumes(String sessionId) {
        Map<String, String> paths = new LinkedHashMap<>();
        learnerVolumeXml(sessionId).forEach((name, xml) -> {
            Element path = xml == null ? null : firstOrNull(xml, "/volume/target/path");
            paths.put(name, path == null ? "" : path.getTextContent().strip());
        });
        return paths;
    }

    /** The learner's names of the volumes they made in the session (the lab's guest disks are not theirs). */
    private List<String> learnerVolumeNames(String sessionId) {
        String prefix = PREFIX + sessionId + "-";
        return hypervisor.listVolumes(pool, prefix).stream().filter(v -> !GUEST_DISK.matcher(v).matches())
                .map(v -> v.substring(prefix.length())).toList();
    }

    /** The XML of each volume a learner made, by the learner's name; null for one libvirt's XML is unreadable. */
    private Map<String, Document> learnerVolumeXml(String sessionId) {
        Map<String, Document> volumes = new LinkedHashMap<>();
        for (String name : learnerVolumeNames(sessionId)) {
            Document xml;
            try {
                xml = Xml.parse(hypervisor.volumeXml(pool, PREFIX + sessionId + "-" + name));
            } catch (XmlException e) {
                LOG.fine(() -> "unreadable XML of volume " + name + ": " + e.getMessage());
                xml = null;
            }
            volumes.put(name, xml);
        }
        return volumes;
    }

    /**
     * Makes an empty volume a learner asked for (and the volume policy admitted), named so that the session's
     * teardown and the crash reconciliation remove it with the session.
     *
     * @throws IllegalArgumentException with a message for the learner when the name is taken or the session
     *                                  holds as many volumes as the lab allows
     */
    public String createLearnerVolume(String sessionId, Lab lab, VolumePolicy.Volume volume) {
        List<String> existing = learnerVolumeNames(sessionId);
        if (existing.contains(volume.name())) {
            throw new IllegalArgumentException("storage volume '" + volume.name() + "' exists already");
        }
        int most = policy(lab).limits().volumes();
        if (existing.size() >= most) {
            throw new IllegalArgumentException(most == 0 ? "this lab does not let you make volumes of your own"
                    : "a session of this lab holds at most " + most + " volumes of your own: delete one first");
        }
        return hypervisor.createVolume(pool, PREFIX + sessionId + "-" + volume.name(), volume.format(),
                volume.capacityBytes());
    }

    /** The capacity of every volume a learner made in a session, in bytes. */
    public long learnerVolumeBytes(String sessionId) {
        return learnerVolumeCapacities(sessionId).values().stream().mapToLong(Long::longValue).sum();
    }

    /** The volumes a learner made in a session, by the learner's name, with their capacity in bytes. */
    public Map<String, Long> learnerVolumeCapacities(String sessionId) {
        Map<String, Long> capacities = new LinkedHashMap<>();
        learnerVolumeXml(sessionId).forEach((name, xml) -> {
            Element capacity = xml == null ? null : firstOrNull(xml, "/volume/capacity");
            long bytes = 0;
            try {
                bytes = capacity == null ? 0 : Long.parseLong(capacity.getTextContent().strip());
            } catch (NumberFormatException e) {
                LOG.fine(() -> "unreadable capacity of volume " + name + ": " + e.getMessage());
            }
            capacities.put(name, bytes);
        });
        return capacities;
    }

    private static Element firstOrNull(Document xml, String xpath) {
        try {
            return Xml.first(xml, xpath);
        } catch (XmlException e) {
            return null;
        }
    }

    /** Deletes a volume the learner made; the lab's own guest disks cannot be deleted this way. */
    public void deleteLearnerVolume(String sessionId, String learnerName) {
        if (!learnerVolumeNames(sessionId).contains(learnerName)) {
            throw new IllegalArgumentException("failed to get vol '" + learnerName + "': only volumes you made with"
                    + " vol-create-as can be deleted");
        }
        hypervisor.deleteVolume(pool, PREFIX + sessionId + "-" + learnerName);
    }

    /** The session network's XML as defined for its next start: what the learner edits. */
    public String networkXml(String sessionId) {
        return hypervisor.networkXml(networkName(sessionId), XmlView.INACTIVE);
    }

    /** Writes a session's new expiry into its guests' metadata (with their secrets, so nothing is lost). */
    public void updateExpiry(String sessionId, Lab lab, Instant expiresAt) throws XmlException {
        for (LabGuest guest : lab.guests()) {
            String name = platformName(sessionId, guest.name());
            Document doc = Xml.parse(hypervisor.xml(name, XmlView.INACTIVE_SECURE));
            Element metadata = Xml.first(doc, "/domain/metadata");
            Optional<GuestMetadata> current = GuestMetadata.from(Xml.toString(doc));
            if (metadata == null || current.isEmpty()) {
                continue;
            }
            for (Element child : Xml.children(metadata)) {
                if (GuestMetadata.NAMESPACE.equals(child.getNamespaceURI()) && "guest".equals(child.getLocalName())) {
                    metadata.replaceChild(new GuestMetadata(current.get().instance(), current.get().sessionId(),
                            current.get().lab(), current.get().learnerName(), expiresAt).toElement(doc), child);
                }
            }
            hypervisor.define(Xml.toString(doc));
        }
    }

    /** Guests, disks and networks of a session that still exist (none, after a complete teardown). */
    public List<String> leftovers(String sessionId) {
        String prefix = PREFIX + sessionId + "-";
        List<String> left = new ArrayList<>(hypervisor.listGuests(prefix));
        left.addAll(hypervisor.listVolumes(pool, prefix));
        left.addAll(hypervisor.listNetworks(prefix));
        return left;
    }

    /**
     * The guest's stored definition, as the learner edits it: with its VNC password, as {@code virsh edit} shows
     * it, so that an edit (in the editor or by a virsh configuration command) does not silently drop it.
     */
    public String inactiveXml(String sessionId, String learnerName) {
        return hypervisor.xml(platformName(sessionId, learnerName), XmlView.INACTIVE_SECURE);
    }

    public GuestState state(String sessionId, String learnerName) {
        return hypervisor.state(platformName(sessionId, learnerName));
    }

    /**
     * Applies learner XML to the stored definition, after the policy admitted it. libvirt's canonical form is
     * judged again; when that is refused, the previous definition is restored.
     */
    public ApplyResult applyXml(String sessionId, Lab lab, LabGuest guest, String learnerXml)
            throws XmlException, PolicyRefusal {
        String name = platformName(sessionId, guest.name());
        String previous = hypervisor.xml(name, XmlView.INACTIVE_SECURE);
        GuestLimits limits = limits(guest).withExtraVolumes(learnerVolumes(sessionId).values().stream()
                .filter(path -> !path.isEmpty()).collect(java.util.stream.Collectors.toSet()));
        DomainPolicy domainPolicy = policy(lab).domain();
        String admitted = domainPolicy.admit(learnerXml, previous, limits);
        hypervisor.define(admitted);
        String canonical = hypervisor.xml(name, XmlView.INACTIVE_SECURE);
        List<PolicyViolation> late = domainPolicy.recheck(canonical, previous, limits);
        if (!late.isEmpty()) {
            hypervisor.define(previous);
            throw new PolicyRefusal(late);
        }
        boolean changed = !sameXml(previous, canonical);
        return new ApplyResult(changed, changed && hypervisor.state(name).isActive());
    }

    /**
     * Applies learner XML to the session's own network, after the policy admitted it, and restarts the network
     * so it takes effect. A restart cuts the link of every guest on the network, so the session's guests must be
     * shut off first. libvirt's canonical form of the restarted network is judged again; when that is refused, or
     * the network does not start, the previous definition is restored.
     */
    public ApplyResult applyNetworkXml(String sessionId, Lab lab, String learnerXml)
            throws XmlException, PolicyRefusal {
        String name = networkName(sessionId);
        String previous = hypervisor.networkXml(name, XmlView.INACTIVE);
        NetworkPolicy networkPolicy = policy(lab).network();
        String admitted = networkPolicy.admit(learnerXml, previous);
        if (sameXml(previous, admitted)) {
            return new ApplyResult(false, false);
        }
        List<String> running = lab.guests().stream().map(LabGuest::name)
                .filter(g -> state(sessionId, g).isActive()).toList();
        if (!running.isEmpty()) {
            throw new SessionException(SessionException.Kind.CONFLICT, "Shut down " + String.join(", ", running)
                    + " first: the network restarts to take the change, which would cut the link of running guests.");
        }
        List<PolicyViolation> late;
        try {
            // a stopped network takes a new definition at once (libvirt's test driver only then)
            hypervisor.stopNetwork(name);
            hypervisor.defineNetwork(admitted);
            hypervisor.startNetwork(name);
            late = networkPolicy.recheck(hypervisor.networkXml(name, XmlView.LIVE), previous);
        } catch (HypervisorException e) {
            restoreNetwork(name, previous);
            throw e;
        }
        if (!late.isEmpty()) {
            restoreNetwork(name, previous);
            throw new PolicyRefusal(late);
        }
        return new ApplyResult(true, false);
    }

    private void restoreNetwork(String name, String previous) {
        hypervisor.stopNetwork(name);
        hypervisor.defineNetwork(previous);
        hypervisor.startNetwork(name);
    }

    private static boolean sameXml(String a, String b) {
        try {
            return Xml.sameTree(Xml.parse(a), Xml.parse(b));
        } catch (XmlException e) {
            return false;
        }
    }

    private static GuestLimits limits(LabGuest guest) {
        return new GuestLimits(guest.maxMemoryMiB(), guest.maxVcpus());
    }

    /** Carries out a power action; RESTART waits for the guest to go down (forcing it after a grace period). */
    public void power(String sessionId, String learnerName, PowerAction action) {
        String name = platformName(sessionId, learnerName);
        switch (action) {
            case START -> hypervisor.start(name);
            case SHUTDOWN -> hypervisor.shutdown(name);
            case DESTROY -> hypervisor.destroy(name);
            case REBOOT -> hypervisor.reboot(name);
            case RESTART -> restart(name);
        }
    }

    private void restart(String name) {
        if (hypervisor.state(name).isActive()) {
            try {
                hypervisor.shutdown(name);
            } catch (HypervisorException e) {
                LOG.fine(() -> "clean shutdown of " + name + " refused (" + e.getMessage() + "); forcing it");
            }
            long deadline = System.nanoTime() + SHUTDOWN_GRACE.toNanos();
            while (hypervisor.state(name).isActive() && System.nanoTime() < deadline) {
                GuestAgent.pause(POLL);
            }
            hypervisor.destroy(name);
        }
        hypervisor.start(name);
    }

    /** Grades the given steps of the session's lab. */
    public GradeReport grade(String sessionId, List<LabStep> steps) {
        return grader.grade(steps, learner -> platformName(sessionId, learner));
    }

    /** Applies a step's reference solution as a learner would (editor, then power buttons). */
    public void applySolution(String sessionId, Lab lab, LabStep step) throws XmlException, PolicyRefusal {
        for (SolutionOperation op : step.solution()) {
            if (op instanceof SolutionOperation.EditXml edit) {
                LabGuest guest = lab.guest(edit.guest()).orElseThrow();
                Document doc = Xml.parse(inactiveXml(sessionId, guest.name()));
                for (XmlEdit change : edit.edits()) {
                    change.applyTo(doc);
                }
                applyXml(sessionId, lab, guest, Xml.toString(doc));
            } else if (op instanceof SolutionOperation.Power power) {
                power(sessionId, power.guest(), PowerAction.parse(power.action()).orElseThrow());
            } else if (op instanceof SolutionOperation.GuestCommand command) {
                String name = platformName(sessionId, command.guest());
                new GuestAgent(hypervisor).awaitPing(name, AGENT_WAIT);
                new GuestAgent(hypervisor).exec(name, command.command(), AGENT_WAIT);
            } else if (op instanceof SolutionOperation.Snapshot snapshot) {
                snapshot(sessionId, lab, snapshot.guest(), snapshot.name(), snapshot.description());
            } else if (op instanceof SolutionOperation.Autostart autostart) {
                hypervisor.setAutostart(platformName(sessionId, autostart.guest()), autostart.enabled());
            }
        }
    }

    /**
     * Gives the session fresh guests from the lab's starting XML, with the reference solutions of the first
     * {@code solvedSteps} steps applied (0: as the lab starts).
     */
    public void reset(String sessionId, Lab lab, Instant expiresAt, int solvedSteps)
            throws XmlException, PolicyRefusal {
        teardown(sessionId);
        provision(sessionId, lab, expiresAt);
        for (LabStep step : lab.steps().subList(0, Math.min(solvedSteps, lab.steps().size()))) {
            applySolution(sessionId, lab, step);
        }
    }

    /** Takes an internal snapshot of a guest (the learner's snapshot action). */
    public void snapshot(String sessionId, Lab lab, String learnerName, String name, String description) {
        snapshot(sessionId, lab, learnerName, new SnapshotPolicy.Snapshot(name, description, null, Map.of()));
    }

    /**
     * Takes an internal snapshot a learner described (and the snapshot policy admitted); without a name it is
     * named after the current time, as virsh does.
     *
     * @throws IllegalArgumentException with a message for the learner when the name is taken or the guest has
     *                                  as many snapshots as a guest of this lab may have
     */
    public String snapshot(String sessionId, Lab lab, String learnerName, SnapshotPolicy.Snapshot wanted) {
        String guest = platformName(sessionId, learnerName);
        List<String> existing = hypervisor.snapshots(guest).stream().map(GuestSnapshot::name).toList();
        String name = wanted.name() == null ? Long.toString(Instant.now().getEpochSecond()) : wanted.name();
        if (existing.contains(name)) {
            throw new IllegalArgumentException("operation failed: domain snapshot '" + name + "' already exists");
        }
        int most = policy(lab).limits().snapshotsPerGuest();
        if (existing.size() >= most) {
            throw new IllegalArgumentException(most == 0 ? "this lab does not let you take snapshots"
                    : "a guest of this lab keeps at most " + most + " snapshots: delete one first (snapshot-delete "
                    + learnerName + " <name>)");
        }
        hypervisor.createSnapshot(guest, SnapshotXml.of(wanted, name));
        return name;
    }

    /** The disk targets of a guest ({@code vda}, …), as a snapshot names them. */
    public java.util.Set<String> diskTargets(String sessionId, String learnerName) throws XmlException {
        java.util.Set<String> targets = new java.util.LinkedHashSet<>();
        for (Element target : Xml.select(Xml.parse(inactiveXml(sessionId, learnerName)),
                "/domain/devices/disk/target")) {
            targets.add(target.getAttribute("dev"));
        }
        return targets;
    }

    /** The longest a boot may take until every guest agent answers; a guest stuck booting is removed. */
    public static final Duration BOOT_WAIT = Duration.ofMinutes(3);

    /**
     * Provisions a session's guests and waits until they are up ({@link #awaitReady}); guests that do not come up
     * within {@link #BOOT_WAIT} are removed and a TIMEOUT failure is thrown. On any failure nothing is left behind.
     *
     * @return where the boot's time went
     */
    public BootLaps provisionReady(String sessionId, Lab lab, Instant expiresAt) {
        BootLaps laps = new BootLaps();
        provision(sessionId, lab, expiresAt, laps);
        if (!awaitReady(sessionId, lab, BOOT_WAIT)) {
            teardown(sessionId);
            throw new HypervisorException(HypervisorException.Reason.TIMEOUT, "its guest did not come up within "
                    + BOOT_WAIT.toMinutes() + " minutes.");
        }
        laps.lap("agents");
        return laps;
    }

    /**
     * Waits until every guest booted with the platform's agent channel answers its agent (a guest whose lab leaves
     * the channel to the learner cannot say when it is up, and is not waited for); false when one did not within
     * the timeout. A simulated hypervisor runs no agents: true at once.
     */
    public boolean awaitReady(String sessionId, Lab lab, Duration timeout) {
        if (hypervisor.info().simulated()) {
            return true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (LabGuest guest : lab.guests()) {
            if (guest.platformAgentChannel() && !awaitAgent(sessionId, guest.name(),
                    Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                return false;
            }
        }
        return true;
    }

    /** Waits until the guest agent of a guest answers, up to the timeout; returns whether it did. */
    public boolean awaitAgent(String sessionId, String learnerName, Duration timeout) {
        return new GuestAgent(hypervisor).awaitPing(platformName(sessionId, learnerName), timeout);
    }

    /** Every platform guest (by name) with its metadata, and every platform disk, for reconciliation. */
    public PlatformObjects platformObjects() {
        Map<String, Optional<GuestMetadata>> guests = new LinkedHashMap<>();
        for (String name : hypervisor.listGuests(PREFIX)) {
            try {
                guests.put(name, GuestMetadata.from(hypervisor.xml(name, XmlView.INACTIVE)));
            } catch (HypervisorException e) {
                guests.put(name, Optional.empty());
            }
        }
        List<String> networks = hypervisor.listNetworks(PREFIX).stream()
                .filter(n -> n.endsWith(NETWORK_SUFFIX) && sessionIdIn(n).isPresent()).toList();
        return new PlatformObjects(guests, hypervisor.listVolumes(pool, PREFIX), networks);
    }

    /**
     * What the platform has on the hypervisor. Networks carry no metadata (libvirt 9.0), so the session id in
     * their name says whose they are; only sessions this instance knows are its own.
     */
    public record PlatformObjects(Map<String, Optional<GuestMetadata>> guests, List<String> volumes,
                                  List<String> networks) {
    }

    /** Removes one platform guest (destroy + undefine) whose session is gone. */
    public void removeGuest(String name) {
        hypervisor.destroy(name);
        hypervisor.undefine(name);
    }

    public void removeVolume(String volume) {
        hypervisor.deleteVolume(pool, volume);
    }
}
