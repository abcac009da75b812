package org.kvmlab.guest;

/**
 * What the platform is connected to.
 *
 * @param uri the libvirt URI
 * @param simulated true for libvirt's test driver: guests do not really run, the agent does not answer
 * @param hostname the hypervisor host's name
 * @param libvirtVersion e.g. "9.0.0"
 * @param hostCpus logical CPUs of the hypervisor host
 * @param hostMemoryMiB memory of the hypervisor host
 */
public record HypervisorInfo(String uri, boolean simulated, String hostname, String libvirtVersion, int hostCpus,
                             long hostMemoryMiB) {
}
