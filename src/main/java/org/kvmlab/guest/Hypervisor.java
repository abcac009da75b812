package org.kvmlab.guest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The platform's only door to a hypervisor, in our own types. Operations that remove things are idempotent:
 * removing what is already gone succeeds, so clean-up can always be retried.
 */
public interface Hypervisor extends AutoCloseable {

    /** What this hypervisor connection is. */
    HypervisorInfo info();

    /** Defines a persistent guest, or replaces the definition of the guest with the same name and uuid. */
    void define(String domainXml);

    /** The guest's domain XML, as libvirt renders it. */
    String xml(String name, XmlView view);

    /** Whether a guest with this name is defined or running. */
    boolean exists(String name);

    /** The guest's run state. */
    GuestState state(String name);

    /** Boots a defined guest. */
    void start(String name);

    /** Asks the guest to shut down (guest agent, else ACPI); returns at once. */
    void shutdown(String name);

    /** Asks the guest to reboot (guest agent, else ACPI); returns at once. */
    void reboot(String name);

    /** Pulls the plug. Succeeds when the guest is already off or gone. */
    void destroy(String name);

    /** Removes the definition, with any snapshot metadata. Succeeds when the guest is gone. */
    void undefine(String name);

    /** Names of all defined or running guests whose name starts with the prefix. */
    List<String> listGuests(String prefix);

    /** Sends a raw QEMU guest agent command (JSON) and returns the raw JSON reply. */
    String agentCommand(String name, String json, Duration timeout);

    /** Makes sure a directory storage pool with this name exists, is active and points at the directory. */
    void ensurePool(String pool, Path directory);

    /** Creates a qcow2 volume backed by a read-only qcow2 base; returns the new volume's path. */
    String createOverlay(String pool, String volume, Path backingFile, long capacityBytes);

    /** Deletes a volume; succeeds when it does not exist. */
    void deleteVolume(String pool, String volume);

    /** Names of the volumes in a pool that start with the prefix. */
    List<String> listVolumes(String pool, String prefix);

    /** Stops and removes a storage pool (its volumes must be gone); succeeds when it does not exist. */
    void removePool(String pool);

    /** Makes sure an isolated network (no forwarding, no DHCP) with this name exists and is active. */
    void ensureIsolatedNetwork(String network, String bridge);

    /** Stops and removes a network; succeeds when it does not exist. */
    void removeNetwork(String network);

    @Override
    void close();
}
