package org.kvmlab.hosts;

import org.kvmlab.catalog.Lab;
import org.kvmlab.catalog.LabGuest;

/**
 * What a lab session holds on its host: its guests, and the most memory and vCPUs they may ever use (each guest's
 * caps), so that a host is never promised more than it has.
 */
public record Demand(int guests, long memoryMiB, int vcpus, boolean needsKvm) {

    public static final Demand NONE = new Demand(0, 0, 0, false);

    public static Demand of(Lab lab) {
        return new Demand(lab.guests().size(), lab.guests().stream().mapToLong(LabGuest::maxMemoryMiB).sum(),
                lab.guests().stream().mapToInt(LabGuest::maxVcpus).sum(), lab.workspace().requiresKvm());
    }

    Demand plus(Demand other) {
        return new Demand(guests + other.guests, memoryMiB + other.memoryMiB, vcpus + other.vcpus, false);
    }
}
