package org.kvmlab.pool;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Pre-warming for a class: {@code size} guests of a lab ready at {@code readyAt}, kept until {@code until}. */
@Entity
@Table(name = "pool_reservations")
public class PoolReservation {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "lab_id", nullable = false, length = 64)
    private String labId;

    @Column(nullable = false)
    private int size;

    @Column(name = "ready_at", nullable = false)
    private Instant readyAt;

    @Column(name = "until_at", nullable = false)
    private Instant until;

    @Column(name = "class_id")
    private Long classId;

    @Column(name = "created_by", nullable = false, length = 64)
    private String createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected PoolReservation() {
    }

    PoolReservation(String labId, int size, Instant readyAt, Instant until, Long classId, String createdBy,
                    Instant createdAt) {
        this.labId = labId;
        this.size = size;
        this.readyAt = readyAt;
        this.until = until;
        this.classId = classId;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
    }

    public Long id() {
        return id;
    }

    public String labId() {
        return labId;
    }

    public int size() {
        return size;
    }

    public Instant readyAt() {
        return readyAt;
    }

    public Instant until() {
        return until;
    }

    public Long classId() {
        return classId;
    }

    public String createdBy() {
        return createdBy;
    }
}
