package org.kvmlab.pool;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** How many ready guests a lab keeps at all times, as an admin set it. */
@Entity
@Table(name = "pool_targets")
public class PoolTarget {

    @Id
    @Column(name = "lab_id", length = 64)
    private String labId;

    @Column(nullable = false)
    private int size;

    protected PoolTarget() {
    }

    PoolTarget(String labId, int size) {
        this.labId = labId;
        this.size = size;
    }

    public String labId() {
        return labId;
    }

    public int size() {
        return size;
    }

    void size(int value) {
        size = value;
    }
}
