package org.kvmlab.tools;

/** What {@code ./kvmlab bench} times in each round, in the order a learner meets it. */
enum BenchFigure {
    /** Start of a lab session (overlay disks, define, start) until every guest agent answers guest-ping. */
    START_TO_AGENT("start -> agent"),
    /** A full Check (every step) on the untouched guest. */
    CHECK_UNTOUCHED("check untouched"),
    /** Power cycle of the solved guests until every guest agent answers again. */
    POWER_CYCLE_TO_AGENT("power cycle -> agent"),
    /** A full Check after every step's reference solution. */
    CHECK_SOLVED("check solved");

    private final String label;

    BenchFigure(String label) {
        this.label = label;
    }

    /** The column heading (ASCII: the console may not be UTF-8). */
    String label() {
        return label;
    }
}
