package org.kvmlab.pool;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A lab's guests booted ahead of time, in the lab's pristine starting state, waiting for a learner. Handed out, it
 * becomes a lab session with the same id (so its guests, disks and network keep their names) and this row goes.
 */
@Entity
@Table(name = "pool_guests")
public class PoolGuest {

    /**
     * STARTING: booting; READY: waiting for a learner (the only state a claim takes); RECYCLING: being removed,
     * the row kept until its guests, disks and network are gone, so a crash in between is finished at start-up.
     */
    public enum State { STARTING, READY, RECYCLING }

    @Id
    @Column(length = 36)
    private String id;

    @Column(name = "lab_id", nullable = false, length = 64)
    private String labId;

    @Column(name = "lab_version", nullable = false)
    private int labVersion;

    @Column(name = "host_id", nullable = false, length = 32)
    private String hostId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private State state;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    protected PoolGuest() {
    }

    PoolGuest(String id, String labId, int labVersion, String hostId, Instant createdAt, Instant expiresAt) {
        this.id = id;
        this.labId = labId;
        this.labVersion = labVersion;
        this.hostId = hostId;
        this.state = State.STARTING;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    public String id() {
        return id;
    }

    public String labId() {
        return labId;
    }

    public int labVersion() {
        return labVersion;
    }

    public String hostId() {
        return hostId;
    }

    public State state() {
        return state;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }
}
