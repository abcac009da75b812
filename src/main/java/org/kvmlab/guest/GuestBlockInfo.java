package org.kvmlab.guest;

/**
 * Sizes of one guest disk, as {@code virsh domblkinfo} shows them, in bytes.
 *
 * @param capacity   the size the guest sees
 * @param allocation what the image uses on the host so far
 * @param physical   the size of the file on the host
 */
public record GuestBlockInfo(long capacity, long allocation, long physical) {
}
