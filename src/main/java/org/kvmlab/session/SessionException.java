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
        HYPERVISOR
    }

    private final Kind kind;

    public SessionException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public SessionException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
