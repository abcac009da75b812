package org.kvmlab.console;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;

/** One open VNC display, for the web socket that redeemed its ticket: the connection to the guest's display. */
public final class DisplayLink implements AutoCloseable {

    private final Socket socket;
    private final ConsoleService.Lease lease;

    DisplayLink(Socket socket, ConsoleService.Lease lease) {
        this.socket = socket;
        this.lease = lease;
    }

    public InputStream input() throws IOException {
        return socket.getInputStream();
    }

    /** Sends the browser's bytes (keys, pointer) to the display; they count as the learner working. */
    public void write(byte[] data) throws IOException {
        lease.activity();
        socket.getOutputStream().write(data);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        } finally {
            lease.release();
        }
    }
}
