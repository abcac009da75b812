package org.kvmlab.websecurity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Cross-site request forgery: a state-changing request (POST, PUT, PATCH, DELETE) whose {@code Origin} (or,
 * without one, {@code Referer}) is another site is refused with 403, on pages and API alike. Pages are
 * guarded a second time by JSF's server-side view state; the API takes credentials only from a header, but
 * a browser re-sends HTTP Basic credentials it once cached, so a foreign page must not reach it either.
 * Clients that send neither header (scripts, curl) are not browsers acting for someone else and pass.
 * For WebSocket handshakes it makes the Host known to {@link SameOriginSocketConfigurator}.
 */
public class SameOriginFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(SameOriginFilter.class.getName());
    private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final String REFUSED = "kvmlab refused this request because it came from another web site."
            + " If you were using kvmlab, reload its page and try again.";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (isWebSocketHandshake(request)) {
            SameOriginSocketConfigurator.HANDSHAKE_HOST.set(request.getHeader("Host"));
            try {
                chain.doFilter(request, response);
            } finally {
                SameOriginSocketConfigurator.HANDSHAKE_HOST.remove();
            }
            return;
        }
        if (STATE_CHANGING.contains(request.getMethod()) && isCrossSite(request)) {
            LOG.fine(() -> "refused a cross-site " + request.getMethod() + " " + request.getRequestURI());
            refuse(request, response);
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean isWebSocketHandshake(HttpServletRequest request) {
        return "GET".equals(request.getMethod()) && "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
    }

    private static boolean isCrossSite(HttpServletRequest request) {
        String source = request.getHeader("Origin");
        if (source == null) {
            source = request.getHeader("Referer");
        }
        return source != null && !SameOrigin.matches(source, request.getHeader("Host"));
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setCharacterEncoding("UTF-8");
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/api/")) {
            response.setContentType("application/json");
            response.getWriter().write("{\"error\":\"" + REFUSED + "\"}");
        } else {
            response.setContentType("text/plain");
            response.getWriter().write(REFUSED);
        }
    }
}
