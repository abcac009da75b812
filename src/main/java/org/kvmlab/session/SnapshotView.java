package org.kvmlab.session;

/** One snapshot of a learner's guest, as the lab page and the API show it. */
public record SnapshotView(String name, boolean current, String description) {
}
