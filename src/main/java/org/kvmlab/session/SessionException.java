package org.kvmlab.session;

/** A session request that cannot be carried out, with a message for the learner. */
public class SessionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why: decides the HTTP status and how the page reacts. */
    public enum Kind {
        /** No such session for this user (also: someone else's session). */
        NOT_FOUND,
        /** No such lab, guest or step. */
        UNKNOWN,
        /** The request clashes with the current state (a cap, an ended session, a running guest). */
        CONFLICT,
        /** The hypervisor failed; the message says what to do next. */
        HYPERVISOR,
        /** No host has room right now; {@link #retryAfter()} says when to try again. */
        BUSY
    }

    private final Kind kind;
    private final java.time.Duration retryAfter;

    public SessionException(Kind kind, String message) {
        super(message);
        this.kind = kind;
        this.retryAfter = null;
    }

    public SessionException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.retryAfter = null;
    }

    /** A refusal for now, with when to try again. */
    public SessionException(Kind kind, String message, java.time.Duration retryAfter) {
        super(message);
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    /** When trying again may work; null when waiting will not help. */
    public java.time.Duration retryAfter() {
        return retryAfter;
    }

    public Kind kind() {
        return kind;
    }
}
