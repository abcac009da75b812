package org.kvmlab.session;

import java.time.Instant;
import java.util.List;

/**
 * A lab session as the learner sees it (API and pages).
 *
 * @param labVersion the version of the lab the session runs: it keeps it whatever is published later
 * @param currentStep the step (0-based) the learner was last on
 */
public record SessionView(String id, String lab, int labVersion, int currentStep, String state, Instant expiresAt,
                          List<GuestView> guests, String note) {

    public SessionView {
        guests = List.copyOf(guests);
    }

    /** One of the session's guests, by the learner's name, with its virsh state word. */
    public record GuestView(String name, String state) {
    }

    public boolean live() {
        return "running".equals(state) || "starting".equals(state);
    }
}
