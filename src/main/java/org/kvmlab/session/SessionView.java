package org.kvmlab.session;

import java.time.Instant;
import java.util.List;

/**
 * A lab session as the learner sees it (API and pages).
 *
 * @param labVersion the version of the lab the session runs: it keeps it whatever is published later
 * @param currentStep the step (0-based) the learner was last on
 * @param state {@code queued} while it waits for a free boot slot, then {@code starting}, {@code running}, and one
 *              of the final states
 * @param queuePosition its place in line while queued (1 = next), 0 otherwise
 * @param estimatedReadyAt when its guests should be ready, while queued or starting; null otherwise
 * @param host the hypervisor host its guests run on
 */
public record SessionView(String id, String lab, int labVersion, int currentStep, String state, Instant expiresAt,
                          List<GuestView> guests, String note, int queuePosition, Instant estimatedReadyAt,
                          String host) {

    public SessionView {
        guests = List.copyOf(guests);
    }

    /** One of the session's guests, by the learner's name, with its virsh state word. */
    public record GuestView(String name, String state) {
    }

    public boolean live() {
        return "running".equals(state) || "starting".equals(state) || "queued".equals(state);
    }

    /** Whether its guests are not ready yet (queued or booting). */
    public boolean waiting() {
        return "starting".equals(state) || "queued".equals(state);
    }
}
