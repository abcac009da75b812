package org.kvmlab.policy;

import java.util.Set;

/**
 * What a learner may give a guest in a lab: at most this much memory and this many vCPUs, and disks only
 * from the guest's own volumes plus {@code extraVolumes}, the paths of volumes the learner made in their
 * session ({@code vol-create-as}).
 */
public record GuestLimits(int maxMemoryMiB, int maxVcpus, Set<String> extraVolumes) {

    /** The most a lab may give one guest: the platform's cap on labs' own limits. */
    public static final int MAX_MEMORY_MIB = 2048;
    public static final int MAX_VCPUS = 8;

    public GuestLimits {
        extraVolumes = Set.copyOf(extraVolumes);
    }

    public GuestLimits(int maxMemoryMiB, int maxVcpus) {
        this(maxMemoryMiB, maxVcpus, Set.of());
    }

    /** The same limits, also allowing these volume paths as disk sources. */
    public GuestLimits withExtraVolumes(Set<String> paths) {
        return new GuestLimits(maxMemoryMiB, maxVcpus, paths);
    }
}
