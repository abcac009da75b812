package org.kvmlab.api;

import java.time.Instant;
import org.kvmlab.admin.CapacityAdmin;
import org.kvmlab.classroom.ClassPrewarming;
import org.kvmlab.hosts.HostService;

/** The JSON shapes of hosts, warm pools and class pre-warming (records serialised by JSON-B). */
public final class CapacityModels {

    private CapacityModels() {
    }

    /**
     * A hypervisor host: whether it answers ({@code problem} is libvirt's word for why not), what it has, its caps in
     * force ({@code caps}, defaults worked out) and as set ({@code settings}, 0 = default), and what is used of them.
     */
    public record Host(String id, String uri, boolean up, String problem, boolean drained, boolean kvm,
                       String hostname, int cpus, long memoryMiB, Caps caps, Used used, int booting, int sessions,
                       Settings settings) {
        static Host of(HostService.HostView h) {
            return new Host(h.id(), h.uri(), h.up(), h.up() ? null : h.problem(), h.drained(), h.kvm(), h.hostname(),
                    h.cpus(), h.memoryMiB(), new Caps(h.caps().memoryMiB(), h.caps().vcpus(),
                    h.caps().guests() == Integer.MAX_VALUE ? null : h.caps().guests(), h.caps().boots()),
                    new Used(h.used().guests(), h.used().memoryMiB(), h.used().vcpus()), h.booting(), h.sessions(),
                    new Settings(h.settings().maxMemoryMiB(), h.settings().cpuOvercommit(), h.settings().maxGuests(),
                            h.settings().maxBoots()));
        }
    }

    /** Caps in force; {@code guests} is null when there is no cap on guests. */
    public record Caps(long memoryMiB, int vcpus, Integer guests, int boots) {
    }

    /** What sessions and pool guests placed on a host hold of its caps. */
    public record Used(int guests, long memoryMiB, int vcpus) {
    }

    /** Caps as the admin set them; 0 is the default. */
    public record Settings(long maxMemoryMiB, double cpuOvercommit, int maxGuests, int maxBoots) {
    }

    /**
     * A lab's warm pool; {@code size} is its standing size, {@code reserved} what classes pre-warm now,
     * {@code recycling} guests being removed (they count in no other figure).
     */
    public record Pool(String lab, int size, int reserved, int wanted, int ready, int starting, int recycling) {
        static Pool of(CapacityAdmin.LabPool p) {
            return new Pool(p.lab(), p.size(), p.reserved(), p.wanted(), p.ready(), p.starting(), p.recycling());
        }
    }

    /** A class's pre-warming, with its lab's pool as it is now. */
    public record Prewarm(long id, long classId, String lab, int size, Instant readyAt, Instant until,
                          String createdBy, Fill pool) {
        static Prewarm of(ClassPrewarming.Prewarm p) {
            return new Prewarm(p.id(), p.classId(), p.lab(), p.size(), p.readyAt(), p.until(), p.createdBy(),
                    new Fill(p.pool().ready(), p.pool().starting(), p.pool().wanted()));
        }
    }

    /** A lab's pool fill: ready guests, guests booting, and how many it wants. */
    public record Fill(int ready, int starting, int wanted) {
    }
}
