package org.kvmlab.guest;

/** A hypervisor operation failed; the reason is mapped from libvirt's error code, never from its text. */
public class HypervisorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why an operation failed, in terms the platform can act on. */
    public enum Reason {
        /** The guest, volume, pool or network does not exist. */
        NOT_FOUND,
        /** The XML or an argument was refused. */
        INVALID_CONFIG,
        /** The operation does not fit the object's state (e.g. starting a running guest). */
        INVALID_STATE,
        /** The guest agent is not connected or did not answer. */
        AGENT_UNAVAILABLE,
        /** This hypervisor does not support the operation. */
        UNSUPPORTED,
        /** The hypervisor could not be reached. */
        CONNECTION,
        /** The operation took too long. */
        TIMEOUT,
        /** Anything else. */
        FAILED
    }

    private final Reason reason;

    public HypervisorException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public HypervisorException(Reason reason, String message) {
        this(reason, message, null);
    }

    public Reason reason() {
        return reason;
    }
}
