package org.kvmlab.classroom;

import java.time.Duration;

/** A class request that cannot be carried out, with a message for the person who asked. */
public class ClassroomException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why: decides the HTTP status and how the page reacts. */
    public enum Kind {
        /** Nothing there for this caller: also what they may not see, so guessing tells nothing. */
        NOT_FOUND,
        /** The input cannot be used (a blank name, a malformed code). */
        INVALID,
        /** A wrong join code, or a clash with what exists (a class of that name). */
        CONFLICT,
        /** The caller's role may not do this at all. */
        FORBIDDEN,
        /** Too many wrong codes: try again after {@link #retryAfter()}. */
        THROTTLED
    }

    private final Kind kind;
    private final Duration retryAfter;

    public ClassroomException(Kind kind, String message) {
        this(kind, message, null);
    }

    ClassroomException(Kind kind, String message, Duration retryAfter) {
        super(message);
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    /** For {@link Kind#THROTTLED}: how long to wait; otherwise null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    static ClassroomException noSuchClass() {
        return new ClassroomException(Kind.NOT_FOUND, "There is no such class.");
    }
}
