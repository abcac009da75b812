package org.kvmlab.websecurity;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Whether a browser request came from a page of this server. The page's origin (the {@code Origin} header,
 * or the start of {@code Referer}) is compared with the {@code Host} the browser sent: both name the server
 * as the browser reached it, also behind a reverse proxy that keeps the Host header, which a comparison with
 * the server's own scheme and port would not survive (TLS ends at the proxy).
 */
public final class SameOrigin {

    private SameOrigin() {
    }

    /** True when {@code originOrUrl} is an http(s) origin or URL whose host and port are {@code host}. */
    public static boolean matches(String originOrUrl, String host) {
        if (originOrUrl == null || host == null || host.isBlank()) {
            return false;
        }
        URI uri;
        try {
            uri = new URI(originOrUrl.strip());
        } catch (URISyntaxException e) {
            return false;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            return false;
        }
        int defaultPort = scheme.equals("https") ? 443 : 80;
        String origin = authority(uri.getHost(), uri.getPort() == defaultPort ? -1 : uri.getPort());
        return origin.equals(withoutDefaultPort(host.strip().toLowerCase(Locale.ROOT), defaultPort));
    }

    private static String authority(String hostName, int port) {
        String name = hostName.toLowerCase(Locale.ROOT);
        return port < 0 ? name : name + ":" + port;
    }

    private static String withoutDefaultPort(String host, int defaultPort) {
        String suffix = ":" + defaultPort;
        return host.endsWith(suffix) ? host.substring(0, host.length() - suffix.length()) : host;
    }
}
