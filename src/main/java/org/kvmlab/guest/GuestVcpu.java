package org.kvmlab.guest;

/**
 * One virtual CPU of a running guest, as {@code virsh vcpuinfo} shows it.
 *
 * @param number the vCPU's index in the guest
 * @param state  {@code running}, {@code blocked} or {@code offline}
 * @param cpuTimeNanos CPU time the vCPU has used
 * @param hostCpu the host CPU it last ran on
 */
public record GuestVcpu(int number, String state, long cpuTimeNanos, int hostCpu) {
}
