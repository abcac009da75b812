package org.kvmlab.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * The one policy every learner input passes before it reaches libvirt: domain, network, snapshot and volume
 * XML, and virsh commands. It is built from the platform's allowlists ({@code src/main/resources/policy/}) and
 * a lab's {@link PolicySettings}, which may switch on grants, take elements or commands away and lower caps,
 * never widen beyond what the platform allows.
 */
public final class LearnerPolicy {

    private static final LearnerPolicy STANDARD = new LearnerPolicy(DomainPolicy.defaultAllowlist(),
            Allowlist.fromResource("/policy/network-allowlist.yaml"),
            Allowlist.fromResource("/policy/volume-allowlist.yaml"), CommandPolicy.standard(),
            PolicySettings.STANDARD);

    private final Allowlist domainElements;
    private final Allowlist networkElements;
    private final Allowlist volumeElements;
    private final CommandPolicy commands;
    private final PolicySettings settings;
    private final DomainPolicy domain;
    private final NetworkPolicy network;
    private final VolumePolicy volume;
    private final SnapshotPolicy snapshot = new SnapshotPolicy();

    private LearnerPolicy(Allowlist domainElements, Allowlist networkElements, Allowlist volumeElements,
                          CommandPolicy commands, PolicySettings settings) {
        this.domainElements = domainElements;
        this.networkElements = networkElements;
        this.volumeElements = volumeElements;
        this.commands = commands.without(settings.deniedCommands());
        this.settings = settings;
        this.domain = new DomainPolicy(domainElements.with(settings.grants(), settings.deniedElements()));
        this.network = new NetworkPolicy(networkElements);
        this.volume = new VolumePolicy(volumeElements, settings.limits());
    }

    /** The platform's policy, for a lab that adapts nothing. */
    public static LearnerPolicy standard() {
        return STANDARD;
    }

    /**
     * What is wrong with a lab's settings, in words for its author: unknown grants, elements or commands, and
     * caps above the platform's. Empty when the settings can be used.
     */
    public List<String> problems(PolicySettings wanted) {
        List<String> out = new ArrayList<>();
        for (String grant : wanted.grants()) {
            if (!domainElements.grants().containsKey(grant)) {
                out.add("unknown grant '" + grant + "': kvmlab knows " + String.join(", ",
                        domainElements.grants().keySet()));
            }
        }
        for (String element : wanted.deniedElements()) {
            if (!domainElements.knows(element)) {
                out.add("cannot deny '" + element + "': the domain policy has no such element path (write it as"
                        + " domain/devices/sound)");
            }
        }
        for (String command : commands.unknown(wanted.deniedCommands())) {
            out.add("cannot deny '" + command + "': the shell has no such command");
        }
        out.addAll(wanted.limits().problems());
        return out;
    }

    /**
     * The policy of a lab with these settings.
     *
     * @throws IllegalArgumentException when {@link #problems} finds any
     */
    public LearnerPolicy forLab(PolicySettings wanted) {
        List<String> problems = problems(wanted);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("lab policy: " + String.join("; ", problems));
        }
        return new LearnerPolicy(domainElements, networkElements, volumeElements, commands, wanted);
    }

    public DomainPolicy domain() {
        return domain;
    }

    public NetworkPolicy network() {
        return network;
    }

    public VolumePolicy volume() {
        return volume;
    }

    public SnapshotPolicy snapshot() {
        return snapshot;
    }

    public CommandPolicy commands() {
        return commands;
    }

    public LabLimits limits() {
        return settings.limits();
    }

    public PolicySettings settings() {
        return settings;
    }
}
