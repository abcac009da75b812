package org.kvmlab.websecurity;

import java.util.regex.Pattern;

/**
 * The Content-Security-Policies kvmlab sends. Pages (JSF) may run only scripts from this server and inline
 * scripts carrying the page's nonce (PrimeFaces adds it: its CSP mode appends {@code 'nonce-…'} to the policy,
 * which therefore ends with {@code script-src}); styles may be inline because PrimeFaces renders style
 * attributes; the lab page's consoles open WebSockets to this same server. Everything else (error pages,
 * files, JSON) gets a policy that allows nothing but this server's style sheets and images.
 */
public final class ContentSecurityPolicy {

    /** For responses that are not JSF pages. */
    public static final String OTHER = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none';"
            + " form-action 'none'; frame-ancestors 'none'";

    /** A Host header as browsers send it: a name or IPv4 address, or a bracketed IPv6 address, and a port. */
    private static final Pattern HOST = Pattern.compile("([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+])(:[0-9]{1,5})?");

    private ContentSecurityPolicy() {
    }

    /**
     * The policy of a page reached at {@code host} (the request's Host header). CSP level 3 lets {@code 'self'}
     * cover WebSockets to the same host; browsers before it (Safari before 16) need ws:/wss: spelled out.
     */
    public static String forPages(String host) {
        String sockets = host != null && HOST.matcher(host).matches() ? " ws://" + host + " wss://" + host : "";
        return "default-src 'self'; img-src 'self' data:; font-src 'self'; style-src 'self' 'unsafe-inline';"
                + " connect-src 'self'" + sockets + "; object-src 'none'; base-uri 'none'; form-action 'self';"
                + " frame-ancestors 'none'; script-src 'self'";
    }
}
