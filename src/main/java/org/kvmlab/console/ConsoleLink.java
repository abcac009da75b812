package org.kvmlab.console;

import org.kvmlab.guest.GuestConsole;
import org.kvmlab.guest.HypervisorException;

/** One open serial console, for the web socket that redeemed its ticket. */
public final class ConsoleLink implements AutoCloseable {

    private final GuestConsole console;

    ConsoleLink(GuestConsole console) {
        this.console = console;
    }

    /** Blocks until the guest writes; the number of bytes, or -1 when the console closed. */
    public int read(byte[] buffer) {
        return console.read(buffer);
    }

    /** Sends keystrokes; false when the console is gone. */
    public boolean write(byte[] bytes) {
        try {
            console.write(bytes);
            return true;
        } catch (HypervisorException e) {
            return false;
        }
    }

    @Override
    public void close() {
        console.close();
    }
}
