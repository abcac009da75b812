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

    /** Asks the hypervisor something cheap, over the wire; throws {@link HypervisorException} when it does not answer. */
    void ping();

    /**
     * Defines a persistent guest, or replaces the definition of the guest with the same name and uuid. The
     * hypervisor validates the XML against its schema first, so nothing it does not know is silently dropped.
     */
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

    /** Pauses a running guest: its vCPUs stop, its memory stays. */
    void suspend(String name);

    /** Lets a paused guest run again. */
    void resume(String name);

    /** Changes a running guest's memory through its balloon, in KiB (up to its maximum). */
    void setLiveMemory(String name, long kib);

    /** The vCPUs of a running guest. */
    List<GuestVcpu> vcpus(String name);

    /** Sizes of a guest's disk, by its target name ({@code vda}). */
    GuestBlockInfo blockInfo(String name, String target);

    /** Pulls the plug. Succeeds when the guest is already off or gone. */
    void destroy(String name);

    /** Removes the definition, with any snapshot metadata. Succeeds when the guest is gone. */
    void undefine(String name);

    /** Names of all defined or running guests whose name starts with the prefix. */
    List<String> listGuests(String prefix);

    /** Whether the guest starts when the host (libvirtd) starts. */
    boolean autostart(String name);

    /** Turns starting with the host on or off. */
    void setAutostart(String name, boolean enabled);

    /** The guest's snapshots, oldest first, with their XML and which one is current. */
    List<GuestSnapshot> snapshots(String name);

    /** Takes a snapshot described by snapshot XML (a {@code <domainsnapshot>} document). */
    void createSnapshot(String name, String snapshotXml);

    /** Puts the guest back to a snapshot's state (and its running state at the time). */
    void revertSnapshot(String name, String snapshot);

    /** Deletes one snapshot (its children are kept). */
    void deleteSnapshot(String name, String snapshot);

    /** The XML of the storage volume at this path (a guest's disk source). */
    String volumeXmlByPath(String path);

    /** The XML of a storage pool. */
    String poolXml(String pool);

    /** The XML of a virtual network, as it runs. */
    String networkXml(String network);

    /** The XML of a virtual network: as it runs ({@link XmlView#LIVE}) or as defined for its next start. */
    String networkXml(String network, XmlView view);

    /**
     * Counters of a running guest named as {@code virsh domstats} names them: {@code cpu.time},
     * {@code balloon.current}, {@code balloon.rss}, {@code block.N.rd.reqs}/{@code wr.reqs}/{@code rd.bytes}/
     * {@code wr.bytes}, {@code net.N.rx.bytes}/{@code tx.bytes}/{@code rx.pkts}/{@code tx.pkts}, where N counts
     * disks and network cards in XML order. Counters the hypervisor cannot give are left out.
     */
    java.util.Map<String, Long> stats(String name);

    /** Connects to the guest's serial console, taking it over from any earlier client. */
    GuestConsole openConsole(String name);

    /** Sends a raw QEMU guest agent command (JSON) and returns the raw JSON reply. */
    String agentCommand(String name, String json, Duration timeout);

    /** Makes sure a directory storage pool with this name exists, is active and points at the directory. */
    void ensurePool(String pool, Path directory);

    /** Creates a qcow2 volume backed by a read-only qcow2 base; returns the new volume's path. */
    String createOverlay(String pool, String volume, Path backingFile, long capacityBytes);

    /** Creates an empty volume of the given format ({@code raw} or {@code qcow2}); returns its path. */
    String createVolume(String pool, String volume, String format, long capacityBytes);

    /** The XML of a volume in a pool. */
    String volumeXml(String pool, String volume);

    /** Deletes a volume; succeeds when it does not exist. */
    void deleteVolume(String pool, String volume);

    /** Names of the volumes in a pool that start with the prefix. */
    List<String> listVolumes(String pool, String prefix);

    /** Stops and removes a storage pool (its volumes must be gone); succeeds when it does not exist. */
    void removePool(String pool);

    /**
     * Makes sure an isolated network (no forwarding, no address on the host, no DHCP) with this name exists and
     * is active; with a null bridge name the hypervisor picks a free one.
     */
    void ensureIsolatedNetwork(String network, String bridge);

    /**
     * Defines a persistent network, or replaces the definition of the one with the same name and uuid, after the
     * hypervisor validated the XML against its schema. A running network keeps running as it was until it is
     * stopped and started again.
     */
    void defineNetwork(String networkXml);

    /** Starts a defined network; nothing happens when it runs already. */
    void startNetwork(String network);

    /** Stops a running network (guests on it lose their link); nothing happens when it is stopped. */
    void stopNetwork(String network);

    /** Names of the networks, running or only defined, that start with the prefix. */
    List<String> listNetworks(String prefix);

    /** Stops and removes a network; succeeds when it does not exist. */
    void removeNetwork(String network);

    @Override
    void close();
}
