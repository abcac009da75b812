package org.kvmlab.admin;

/** An admin request that cannot be carried out, with a message that says what to do instead. */
public class AdminException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why: decides the HTTP status and how the page reacts. */
    public enum Kind {
        /** No such account or session. */
        NOT_FOUND,
        /** The input cannot be used (a bad role name, a weak password, a malformed date). */
        INVALID,
        /** It clashes with what exists (a taken user name, the last admin). */
        CONFLICT,
        /** The caller is not an admin (any more). */
        FORBIDDEN
    }

    private final Kind kind;

    public AdminException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
