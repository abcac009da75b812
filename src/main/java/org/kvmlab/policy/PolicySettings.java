package org.kvmlab.policy;

import java.util.Set;

/**
 * How a lab adapts the learner policy ({@code policy:} in {@code lab.yaml}): grants it switches on (e.g.
 * {@code cputune} in a CPU pinning lab), domain elements and virsh commands it takes away, and lower caps.
 */
public record PolicySettings(Set<String> grants, Set<String> deniedElements, Set<String> deniedCommands,
                             LabLimits limits) {

    /** What a lab that says nothing gets: the platform's policy as it is. */
    public static final PolicySettings STANDARD = new PolicySettings(Set.of(), Set.of(), Set.of(), LabLimits.PLATFORM);

    public PolicySettings {
        grants = Set.copyOf(grants);
        deniedElements = Set.copyOf(deniedElements);
        deniedCommands = Set.copyOf(deniedCommands);
    }

    /** The same settings with these grants switched on as well. */
    public PolicySettings withGrants(Set<String> more) {
        Set<String> all = new java.util.HashSet<>(grants);
        all.addAll(more);
        return new PolicySettings(all, deniedElements, deniedCommands, limits);
    }
}
