package org.kvmlab.session;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.kvmlab.policy.PolicyRefusal;
import org.kvmlab.policy.PolicyViolation;
import org.kvmlab.policy.SnapshotPolicy;
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
    public static final String NETWORK = "kvmlab-lab";
    static final String BRIDGE = "kvmlab0";
    private static final Pattern SESSION_IN_NAME = Pattern.compile(
            "kvmlab-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-.*");
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration AGENT_WAIT = Duration.ofSeconds(60);
    /** The disks kvmlab makes for a lab guest: {@code <guest>-disk<N>.qcow2}. */
    private static final Pattern GUEST_DISK = Pattern.compile(".*-disk\\d+\\.qcow2");
    /** A volume name a learner may choose. */
    public static final Pattern VOLUME_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,31}(\\.(qcow2|raw|img))?");
    /** At most this many volumes of their own per session, each at most this large. */
    public static final int MAX_LEARNER_VOLUMES = 4;
    public static final long MAX_VOLUME_BYTES = 8L << 30;
    /** At most this many snapshots per lab guest. */
    public static final int MAX_SNAPSHOTS = 10;

    private final Hypervisor hypervisor;
    private final Supplier<GuestImage> image;
    private final Supplier<Acceleration> acceleration;
    private final DomainPolicy policy;
    private final Path diskFolder;
    private final String pool;
    private final String instance;
    private final Grader grader;

    /**
     * @param diskFolder where session disks live
     * @param instance this platform instance's id: its guests carry it, and its pool is named after it
     */
    public LabRuntime(Hypervisor hypervisor, Supplier<GuestImage> image, Supplier<Acceleration> acceleration,
                      DomainPolicy policy, Path diskFolder, String instance) {
        this.hypervisor = hypervisor;
        this.image = image;
        this.acceleration = acceleration;
        this.policy = policy;
        this.diskFolder = diskFolder;
        this.instance = instance;
        this.pool = PREFIX + "disks-" + instance;
        this.grader = new Grader(hypervisor, pool, new HostFacts());
    }

    public Hypervisor hypervisor() {
        return hypervisor;
    }

    /** This platform instance's id. */
    public String instance() {
        return instance;
    }

    /** The storage pool that holds this instance's session disks. */
    public String pool() {
        return pool;
    }

    /** Creates the storage pool and the isolated lab network when missing. */
    public void prepareHost() {
        hypervisor.ensurePool(pool, diskFolder);
        hypervisor.ensureIsolatedNetwork(NETWORK, BRIDGE);
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
        try {
            for (LabGuest guest : lab.guests()) {
                provisionGuest(sessionId, lab, guest, expiresAt);
            }
        } catch (RuntimeException | XmlException | PolicyRefusal e) {
            LOG.warning(() -> "provisioning session " + sessionId + " failed: " + e.getMessage());
            teardown(sessionId);
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new HypervisorException(HypervisorException.Reason.INVALID_CONFIG,
                    "the lab's starting XML is not valid: " + e.getMessage(), e);
        }
    }

    private void provisionGuest(String sessionId, Lab lab, LabGuest guest, Instant expiresAt)
            throws XmlException, PolicyRefusal {
        String name = platformName(sessionId, guest.name());
        GuestImage img = image.get();
        List<String> disks = new ArrayList<>();
        int count = DomainBlueprint.diskCount(guest.domainXml());
        for (int i = 0; i < count; i++) {
            disks.add(hypervisor.createOverlay(pool, name + "-disk" + i + ".qcow2", img.baseDisk(),
                    img.baseCapacityBytes()));
        }
        String xml = DomainBlueprint.build(guest.domainXml(), new DomainBlueprint.Spec(name,
                new GuestMetadata(instance, sessionId, lab.id(), guest.name(), expiresAt), acceleration.get(), img, disks,
                NETWORK, guest.platformAgentChannel()));
        List<PolicyViolation> violations = policy.judgeStandalone(xml, limits(guest));
        if (!violations.isEmpty()) {
            throw new PolicyRefusal(violations);
        }
        hypervisor.define(xml);
        hypervisor.start(name);
    }

    /** Removes every guest and disk of a session. Idempotent; safe after a crash. */
    public void teardown(String sessionId) {
        String prefix = PREFIX + sessionId + "-";
        hypervisor.listGuests(prefix).forEach(this::removeGuest);
        hypervisor.listVolumes(pool, prefix).forEach(this::removeVolume);
    }

    /**
     * The volumes a learner made in their session, by the learner's name, with their paths. Disks kvmlab made
     * for the lab's guests are not among them.
     */
    public Map<String, String> learnerVolumes(String sessionId) {
        String prefix = PREFIX + sessionId + "-";
        Map<String, String> volumes = new LinkedHashMap<>();
        for (String volume : hypervisor.listVolumes(pool, prefix)) {
            if (!GUEST_DISK.matcher(volume).matches()) {
                volumes.put(volume.substring(prefix.length()), volumePath(volume));
            }
        }
        return volumes;
    }

    private String volumePath(String volume) {
        try {
            Element path = Xml.first(Xml.parse(hypervisor.volumeXml(pool, volume)), "/volume/target/path");
            return path == null ? "" : path.getTextContent().strip();
        } catch (XmlException e) {
            return "";
        }
    }

    /**
     * Makes an empty volume for a learner ({@code vol-create-as}), named so that the session's teardown and
     * the crash reconciliation remove it with the session.
     *
     * @throws IllegalArgumentException with a message for the learner when the name, size or count is refused
     */
    public String createLearnerVolume(String sessionId, String learnerName, String format, long capacityBytes) {
        if (!VOLUME_NAME.matcher(learnerName).matches() || GUEST_DISK.matcher(learnerName).matches()) {
            throw new IllegalArgumentException("invalid volume name '" + learnerName + "': use up to 32 letters,"
                    + " digits, '_' and '-', optionally ending in .qcow2, .raw or .img (not -diskN.qcow2)");
        }
        if (!format.equals("raw") && !format.equals("qcow2")) {
            throw new IllegalArgumentException("unsupported format '" + format + "': use raw or qcow2");
        }
        if (capacityBytes < 1 << 20 || capacityBytes > MAX_VOLUME_BYTES) {
            throw new IllegalArgumentException("a lab volume holds between 1 MiB and 8 GiB");
        }
        Map<String, String> existing = learnerVolumes(sessionId);
        if (existing.containsKey(learnerName)) {
            throw new IllegalArgumentException("storage volume '" + learnerName + "' exists already");
        }
        if (existing.size() >= MAX_LEARNER_VOLUMES) {
            throw new IllegalArgumentException("a lab session holds at most " + MAX_LEARNER_VOLUMES
                    + " volumes of your own: delete one first");
        }
        return hypervisor.createVolume(pool, PREFIX + sessionId + "-" + learnerName, format, capacityBytes);
    }

    /** Deletes a volume the learner made; the lab's own guest disks cannot be deleted this way. */
    public void deleteLearnerVolume(String sessionId, String learnerName) {
        if (!learnerVolumes(sessionId).containsKey(learnerName)) {
            throw new IllegalArgumentException("failed to get vol '" + learnerName + "': only volumes you made with"
                    + " vol-create-as can be deleted");
        }
        hypervisor.deleteVolume(pool, PREFIX + sessionId + "-" + learnerName);
    }

    /**
     * The lab network's XML as a learner may see it: without the live count of connected guests, which would
     * tell them about other learners' guests on the same network.
     */
    public String learnerNetworkXml() {
        return hypervisor.networkXml(NETWORK).replaceFirst("(<network[^>]*?)\\s+connections='\\d+'", "$1");
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

    /** Guests and disks of a session that still exist (none, after a complete teardown). */
    public List<String> leftovers(String sessionId) {
        String prefix = PREFIX + sessionId + "-";
        List<String> left = new ArrayList<>(hypervisor.listGuests(prefix));
        left.addAll(hypervisor.listVolumes(pool, prefix));
        return left;
    }

    /** The guest's stored definition, as the learner edits it. */
    public String inactiveXml(String sessionId, String learnerName) {
        return hypervisor.xml(platformName(sessionId, learnerName), XmlView.INACTIVE);
    }

    public GuestState state(String sessionId, String learnerName) {
        return hypervisor.state(platformName(sessionId, learnerName));
    }

    /**
     * Applies learner XML to the stored definition, after the policy admitted it. libvirt's canonical form is
     * judged again; when that is refused, the previous definition is restored.
     */
    public ApplyResult applyXml(String sessionId, LabGuest guest, String learnerXml)
            throws XmlException, PolicyRefusal {
        String name = platformName(sessionId, guest.name());
        String previous = hypervisor.xml(name, XmlView.INACTIVE);
        GuestLimits limits = limits(guest).withExtraVolumes(learnerVolumes(sessionId).values().stream()
                .filter(path -> !path.isEmpty()).collect(java.util.stream.Collectors.toSet()));
        String admitted = policy.admit(learnerXml, previous, limits);
        hypervisor.define(admitted);
        String canonical = hypervisor.xml(name, XmlView.INACTIVE);
        List<PolicyViolation> late = policy.recheck(canonical, previous, limits);
        if (!late.isEmpty()) {
            hypervisor.define(previous);
            throw new PolicyRefusal(late);
        }
        boolean changed = !sameXml(previous, canonical);
        return new ApplyResult(changed, changed && hypervisor.state(name).isActive());
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
                applyXml(sessionId, guest, Xml.toString(doc));
            } else if (op instanceof SolutionOperation.Power power) {
                power(sessionId, power.guest(), PowerAction.parse(power.action()).orElseThrow());
            } else if (op instanceof SolutionOperation.GuestCommand command) {
                String name = platformName(sessionId, command.guest());
                new GuestAgent(hypervisor).awaitPing(name, AGENT_WAIT);
                new GuestAgent(hypervisor).exec(name, command.command(), AGENT_WAIT);
            } else if (op instanceof SolutionOperation.Snapshot snapshot) {
                hypervisor.createSnapshot(platformName(sessionId, snapshot.guest()),
                        SnapshotXml.internal(snapshot.name(), snapshot.description()));
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
    public void snapshot(String sessionId, String learnerName, String name, String description) {
        snapshot(sessionId, learnerName, new SnapshotPolicy.Snapshot(name, description, null, Map.of()));
    }

    /**
     * Takes an internal snapshot a learner described (and the snapshot policy admitted); without a name it is
     * named after the current time, as virsh does.
     *
     * @throws IllegalArgumentException with a message for the learner when the name is taken or the guest has
     *                                  as many snapshots as a lab guest may have
     */
    public String snapshot(String sessionId, String learnerName, SnapshotPolicy.Snapshot wanted) {
        String guest = platformName(sessionId, learnerName);
        List<String> existing = hypervisor.snapshots(guest).stream().map(GuestSnapshot::name).toList();
        String name = wanted.name() == null ? Long.toString(Instant.now().getEpochSecond()) : wanted.name();
        if (existing.contains(name)) {
            throw new IllegalArgumentException("operation failed: domain snapshot '" + name + "' already exists");
        }
        if (existing.size() >= MAX_SNAPSHOTS) {
            throw new IllegalArgumentException("a lab guest keeps at most " + MAX_SNAPSHOTS + " snapshots: delete"
                    + " one first (snapshot-delete " + learnerName + " <name>)");
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
        return new PlatformObjects(guests, hypervisor.listVolumes(pool, PREFIX));
    }

    /** What the platform has on the hypervisor. */
    public record PlatformObjects(Map<String, Optional<GuestMetadata>> guests, List<String> volumes) {
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
