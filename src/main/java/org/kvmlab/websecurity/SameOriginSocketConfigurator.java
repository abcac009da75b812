package org.kvmlab.websecurity;

import jakarta.websocket.server.ServerEndpointConfig;

/**
 * Refuses a WebSocket handshake from a page of another site (403), so a hostile page cannot open a learner's
 * console with the learner's cookies (the sockets are also guarded by one-minute, single-use tickets).
 * {@code checkOrigin} sees only the Origin; the Host it is compared with is handed over by
 * {@link SameOriginFilter}, which runs on the same thread just before the container's WebSocket filter. Without
 * it (the filter did not run) every handshake is refused.
 */
public class SameOriginSocketConfigurator extends ServerEndpointConfig.Configurator {

    static final ThreadLocal<String> HANDSHAKE_HOST = new ThreadLocal<>();

    @Override
    public boolean checkOrigin(String originHeaderValue) {
        return SameOrigin.matches(originHeaderValue, HANDSHAKE_HOST.get());
    }
}
