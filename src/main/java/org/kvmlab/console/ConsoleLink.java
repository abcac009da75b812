package org.kvmlab.console;

import org.kvmlab.guest.GuestConsole;
import org.kvmlab.guest.HypervisorException;

/** One open serial console, for the web socket that redeemed its ticket. */
public final class ConsoleLink implements AutoCloseable {

    private final GuestConsole console;
    private final ConsoleService.Lease lease;

    ConsoleLink(GuestConsole console, ConsoleService.Lease lease) {
        this.console = console;
        this.lease = lease;
    }

    /** Blocks until the guest writes; the number of bytes, or -1 when the console closed. */
    public int read(byte[] buffer) {
        return console.read(buffer);
    }

    /** Sends keystrokes (which count as the learner working in the session); false when the console is gone. */
    public boolean write(byte[] bytes) {
        lease.activity();
        try {
            console.write(bytes);
            return true;
        } catch (HypervisorException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            console.close();
        } finally {
            lease.release();
        }
    }
}
