package org.kvmlab.catalog;

/**
 * How a lab's workspace behaves for the learner.
 *
 * @param continuousChecking the current step's checks run in the background every few seconds and tick green
 *                           as the learner works (one grading at a time per session)
 * @param keepAlive          activity on the lab page extends the session, up to {@code maxMinutes}
 * @param maxMinutes         the longest a session of this lab may last with Extend and keep-alive; 0 means the
 *                           platform's limit ({@code KVMLAB_SESSION_MAX_MINUTES}), which is never exceeded
 */
public record Workspace(boolean continuousChecking, boolean keepAlive, int maxMinutes, boolean requiresKvm) {

    /** A lab that says nothing: Check by hand, Extend by hand, the platform's limit, any host. */
    public static final Workspace DEFAULT = new Workspace(false, false, 0, false);
}
