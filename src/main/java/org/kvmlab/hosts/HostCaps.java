package org.kvmlab.hosts;

import org.kvmlab.guest.HypervisorInfo;

/** The caps kvmlab keeps on a host, with every default worked out from the host itself. */
public record HostCaps(long memoryMiB, int vcpus, int guests, int boots) {

    /** Memory left to the host itself when the memory cap is the default. */
    static final long HOST_RESERVE_MIB = 1024;
    /**
     * vCPUs per core by default. Each guest counts with its lab's vCPU cap, and idle lab guests use almost no CPU
     * (ten idle TCG guests take about 4 % of a core), while too many vCPUs only slow guests down (unlike memory):
     * a generous default, which admins lower for labs that load their CPUs.
     */
    static final double DEFAULT_OVERCOMMIT = 64.0;

    public static HostCaps of(HostSettings settings, HypervisorInfo info) {
        int cores = Math.max(1, info.hostCpus());
        long memory = settings.maxMemoryMiB() > 0 ? settings.maxMemoryMiB()
                : Math.max(0, info.hostMemoryMiB() - HOST_RESERVE_MIB);
        double ratio = settings.cpuOvercommit() > 0 ? settings.cpuOvercommit() : DEFAULT_OVERCOMMIT;
        int guests = settings.maxGuests() > 0 ? settings.maxGuests() : Integer.MAX_VALUE;
        int boots = settings.maxBoots() > 0 ? settings.maxBoots() : cores;
        return new HostCaps(memory, (int) Math.floor(cores * ratio), guests, boots);
    }
}
