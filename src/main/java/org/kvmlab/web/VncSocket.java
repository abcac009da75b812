package org.kvmlab.web;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.logging.Logger;
import org.kvmlab.console.ConsoleService;
import org.kvmlab.console.DisplayLink;
import org.kvmlab.websecurity.SameOriginSocketConfigurator;

/**
 * A WebSocket-to-TCP bridge between noVNC in the browser and one guest's VNC display:
 * {@code /vnc/socket/<ticket>}. The ticket decides the guest; the browser never names a host or port.
 */
@ServerEndpoint(value = "/vnc/socket/{ticket}", subprotocols = {"binary"},
        configurator = SameOriginSocketConfigurator.class)
public class VncSocket {

    private static final Logger LOG = Logger.getLogger(VncSocket.class.getName());

    private DisplayLink vnc;

    @OnOpen
    public void open(Session session, @PathParam("ticket") String ticket) throws IOException {
        session.setMaxBinaryMessageBufferSize(1 << 20);
        Optional<DisplayLink> opened;
        try {
            opened = CDI.current().select(ConsoleService.class).get().redeemVnc(ticket);
        } catch (IOException | RuntimeException e) {
            session.close(new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, shorten(e.getMessage())));
            return;
        }
        if (opened.isEmpty()) {
            session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "This console ticket is not"
                    + " valid (any more); reload the page."));
            return;
        }
        vnc = opened.get();
        DisplayLink display = vnc;
        Thread pump = new Thread(() -> pump(session, display), "vnc-" + session.getId());
        pump.setDaemon(true);
        pump.start();
    }

    /** Copies the display's bytes to the browser until either side closes. */
    private static void pump(Session session, DisplayLink display) {
        byte[] buffer = new byte[65536];
        try (InputStream in = display.input()) {
            for (int n = in.read(buffer); n > 0 && session.isOpen(); n = in.read(buffer)) {
                synchronized (session) {
                    session.getBasicRemote().sendBinary(ByteBuffer.wrap(buffer, 0, n));
                }
            }
            if (session.isOpen()) {
                session.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "The display closed."));
            }
        } catch (IOException e) {
            LOG.fine(() -> "vnc socket " + session.getId() + " ended: " + e.getMessage());
        } finally {
            display.close();
        }
    }

    @OnMessage
    public void fromBrowser(ByteBuffer bytes) throws IOException {
        if (vnc != null) {
            byte[] data = new byte[bytes.remaining()];
            bytes.get(data);
            vnc.write(data);
        }
    }

    @OnClose
    public void closed() {
        if (vnc != null) {
            vnc.close();
        }
    }

    @OnError
    public void failed(Throwable error) {
        LOG.fine(() -> "vnc socket error: " + error);
        closed();
    }

    /** Close reasons are limited to 123 bytes. */
    private static String shorten(String message) {
        String text = message == null ? "The display cannot be reached now." : message;
        return text.length() > 120 ? text.substring(0, 120) : text;
    }
}
