package org.kvmlab.shell;

/** A command that cannot run, with the message virsh would print after "error: ". */
public final class ShellException extends Exception {

    private static final long serialVersionUID = 1L;

    public ShellException(String message) {
        super(message);
    }
}
