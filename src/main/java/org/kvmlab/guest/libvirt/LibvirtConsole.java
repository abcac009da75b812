package org.kvmlab.guest.libvirt;

import java.util.Arrays;
import java.util.logging.Logger;
import org.kvmlab.guest.GuestConsole;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.Stream;

/**
 * A guest's serial console over a blocking libvirt stream on a connection of its own. Native resources are
 * freed by the reading thread once its read has returned, never while a read may still be inside libvirt:
 * {@link #close} only aborts the stream, which makes a blocked read return.
 */
final class LibvirtConsole implements GuestConsole {

    private static final Logger LOG = Logger.getLogger(LibvirtConsole.class.getName());

    private final String guest;
    private final Stream stream;
    private final Connect connection;
    private volatile boolean closed;
    private boolean released;

    /** @param connection the console's own connection, closed with it */
    LibvirtConsole(String guest, Stream stream, Connect connection) {
        this.guest = guest;
        this.stream = stream;
        this.connection = connection;
    }

    @Override
    public int read(byte[] buffer) {
        if (!closed) {
            try {
                int n = stream.receive(buffer);
                if (n > 0) {
                    return n;
                }
            } catch (LibvirtException e) {
                LOG.fine(() -> "console of " + guest + " ended: " + e.getMessage());
            }
        }
        closed = true;
        release();
        return -1;
    }

    @Override
    public void write(byte[] bytes) {
        if (closed) {
            return;
        }
        try {
            int sent = 0;
            while (sent < bytes.length) {
                int n = stream.send(sent == 0 ? bytes : Arrays.copyOfRange(bytes, sent, bytes.length));
                if (n <= 0) {
                    break;
                }
                sent += n;
            }
        } catch (LibvirtException e) {
            throw LibvirtErrors.translate("type on the console of " + guest, e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed || released) {
            return;
        }
        closed = true;
        try {
            stream.abort();
        } catch (LibvirtException e) {
            // the guest side had already finished the stream
        }
    }

    private synchronized void release() {
        if (released) {
            return;
        }
        released = true;
        try {
            stream.free();
        } catch (LibvirtException e) {
            LOG.fine(() -> "freeing the console stream of " + guest + ": " + e.getMessage());
        }
        try {
            connection.close();
        } catch (LibvirtException e) {
            LOG.fine(() -> "closing the console connection of " + guest + ": " + e.getMessage());
        }
    }
}
