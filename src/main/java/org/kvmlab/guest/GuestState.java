package org.kvmlab.guest;

/** A guest's run state, named as learners see it in virsh. */
public enum GuestState {
    RUNNING("running"),
    PAUSED("paused"),
    SHUTTING_DOWN("in shutdown"),
    SHUTOFF("shut off"),
    CRASHED("crashed"),
    BLOCKED("idle"),
    UNKNOWN("no state"),
    /** The guest does not exist (any more). */
    MISSING("missing");

    private final String label;

    GuestState(String label) {
        this.label = label;
    }

    /** virsh's word for the state. */
    public String label() {
        return label;
    }

    /** True when a QEMU process exists for the guest. */
    public boolean isActive() {
        return this == RUNNING || this == PAUSED || this == SHUTTING_DOWN || this == BLOCKED;
    }
}
