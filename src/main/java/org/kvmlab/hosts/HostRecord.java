package org.kvmlab.hosts;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A registered hypervisor host, as stored. */
@Entity
@Table(name = "hypervisor_hosts")
public class HostRecord {

    @Id
    @Column(length = 32)
    private String id;

    @Column(nullable = false, length = 300)
    private String uri;

    @Column(name = "max_memory_mib", nullable = false)
    private long maxMemoryMiB;

    @Column(name = "cpu_overcommit", nullable = false)
    private double cpuOvercommit;

    @Column(name = "max_guests", nullable = false)
    private int maxGuests;

    @Column(name = "max_boots", nullable = false)
    private int maxBoots;

    @Column(nullable = false)
    private boolean drained;

    @Column(name = "added_at", nullable = false)
    private Instant addedAt;

    protected HostRecord() {
    }

    HostRecord(HostSettings s, Instant addedAt) {
        this.id = s.id();
        this.addedAt = addedAt;
        apply(s);
    }

    void apply(HostSettings s) {
        uri = s.uri();
        maxMemoryMiB = s.maxMemoryMiB();
        cpuOvercommit = s.cpuOvercommit();
        maxGuests = s.maxGuests();
        maxBoots = s.maxBoots();
        drained = s.drained();
    }

    public HostSettings settings() {
        return new HostSettings(id, uri, maxMemoryMiB, cpuOvercommit, maxGuests, maxBoots, drained);
    }
}
