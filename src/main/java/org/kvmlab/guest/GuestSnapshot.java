package org.kvmlab.guest;

/**
 * One snapshot of a guest as libvirt describes it.
 *
 * @param xml the {@code <domainsnapshot>} document
 * @param current true for the snapshot the guest's state descends from
 */
public record GuestSnapshot(String name, String xml, boolean current) {
}
