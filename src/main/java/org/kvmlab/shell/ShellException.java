package org.kvmlab.shell;

/** A command that cannot run, with the message virsh would print after "error: ". */
public class ShellException extends Exception {

    private static final long serialVersionUID = 1L;

    public ShellException(String message) {
        super(message);
    }

    /** A command, or what it asked for, that the learner policy refused; the audit trail records these. */
    public static final class Refused extends ShellException {
        private static final long serialVersionUID = 1L;

        public Refused(String message) {
            super(message);
        }
    }
}
