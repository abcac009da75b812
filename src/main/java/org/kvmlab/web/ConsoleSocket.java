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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.logging.Logger;
import org.kvmlab.console.ConsoleLink;
import org.kvmlab.console.ConsoleService;
import org.kvmlab.websecurity.SameOriginSocketConfigurator;

/**
 * The browser end of a guest's serial console: {@code /console/socket/<ticket>}. Guest output goes out as
 * binary frames; what the learner types comes in as text frames. A ticket opens exactly one console once.
 */
@ServerEndpoint(value = "/console/socket/{ticket}", configurator = SameOriginSocketConfigurator.class)
public class ConsoleSocket {

    private static final Logger LOG = Logger.getLogger(ConsoleSocket.class.getName());
    private static final int MAX_INPUT = 4096;

    private ConsoleLink link;

    @OnOpen
    public void open(Session session, @PathParam("ticket") String ticket) throws IOException {
        session.setMaxTextMessageBufferSize(MAX_INPUT);
        Optional<ConsoleLink> opened;
        try {
            opened = CDI.current().select(ConsoleService.class).get().redeem(ticket);
        } catch (ConsoleService.TooMany e) {
            session.close(new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, e.getMessage()));
            return;
        } catch (RuntimeException e) {
            LOG.fine(() -> "console refused: " + e.getMessage());
            session.close(new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "The console cannot be opened"
                    + " now; is the guest running?"));
            return;
        }
        if (opened.isEmpty()) {
            session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "This console ticket is not"
                    + " valid (any more); reload the page."));
            return;
        }
        link = opened.get();
        Thread pump = new Thread(() -> pump(session, link), "console-" + session.getId());
        pump.setDaemon(true);
        pump.start();
    }

    /** Copies guest output to the socket until either side closes. */
    private static void pump(Session session, ConsoleLink link) {
        byte[] buffer = new byte[8192];
        try {
            for (int n = link.read(buffer); n > 0 && session.isOpen(); n = link.read(buffer)) {
                synchronized (session) {
                    session.getBasicRemote().sendBinary(ByteBuffer.wrap(buffer, 0, n));
                }
            }
            if (session.isOpen()) {
                session.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "The console closed (the"
                        + " guest stopped or restarted)."));
            }
        } catch (IOException e) {
            LOG.fine(() -> "console socket " + session.getId() + " ended: " + e.getMessage());
        } finally {
            link.close();
        }
    }

    @OnMessage
    public void typed(String keys) {
        if (link != null && keys.length() <= MAX_INPUT && !link.write(keys.getBytes(StandardCharsets.UTF_8))) {
            LOG.fine("typing on a closed console");
        }
    }

    @OnClose
    public void closed() {
        if (link != null) {
            link.close();
        }
    }

    @OnError
    public void failed(Throwable error) {
        LOG.fine(() -> "console socket error: " + error);
        closed();
    }
}
