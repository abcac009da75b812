package org.kvmlab.catalog;

import java.util.Map;

/**
 * The {@code $variables} an XPath in a check may use, answered by the grader from the hypervisor host and
 * the guest's QEMU process. Facts read from files ({@code /dev}, {@code /sys}, {@code /proc}) describe the
 * machine kvmlab runs on, which is the hypervisor host for the local {@code qemu:///system} connection.
 */
public final class CheckVariables {

    /** Logical CPUs of the host (number). */
    public static final String HOST_CPUS = "hostCpus";
    /** Free 2 MiB hugepages of the host, in MiB (number). */
    public static final String HOST_FREE_HUGEPAGES_MIB = "hostFreeHugepagesMiB";
    /** {@code /dev/kvm} exists (boolean). */
    public static final String HOST_KVM = "hostKvm";
    /** {@code /dev/vhost-net} exists (boolean). */
    public static final String HOST_VHOST_NET = "hostVhostNet";
    /** {@code /dev/net/tun} exists (boolean). */
    public static final String HOST_TUN = "hostTun";
    /** The seccomp mode of the guest's QEMU process: 2 is a filter (the sandbox), 0 none, -1 unknown. */
    public static final String QEMU_SECCOMP = "qemuSeccomp";

    /** Placeholder values of the right types, for validating expressions before any guest exists. */
    public static final Map<String, Object> SAMPLE = Map.of(HOST_CPUS, 2.0, HOST_FREE_HUGEPAGES_MIB, 0.0,
            HOST_KVM, Boolean.TRUE, HOST_VHOST_NET, Boolean.TRUE, HOST_TUN, Boolean.TRUE, QEMU_SECCOMP, 2.0);

    private CheckVariables() {
    }
}
