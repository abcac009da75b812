package org.kvmlab.hosts;

import org.kvmlab.guest.HypervisorInfo;

/** The caps kvmlab keeps on a host, with every default worked out from the host itself. */
public record HostCaps(long memoryMiB, int vcpus, int guests, int boots) {

    /** Memory left to the host itself when the memory cap is the default. */
    static final long HOST_RESERVE_MIB = 1024;
    static final double DEFAULT_OVERCOMMIT = 4.0;

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
