package org.kvmlab.guest;

/**
 * A connection to a guest's serial console: bytes the guest writes, bytes typed to it. {@link #read} blocks
 * until the guest writes, and returns -1 when the console closes (the guest stopped, or another client took
 * the console over).
 */
public interface GuestConsole extends AutoCloseable {

    /** Reads what the guest wrote into the buffer; the number of bytes, or -1 at the end. */
    int read(byte[] buffer);

    /** Sends keystrokes to the guest. */
    void write(byte[] bytes);

    @Override
    void close();
}
