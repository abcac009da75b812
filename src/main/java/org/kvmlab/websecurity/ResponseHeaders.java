package org.kvmlab.websecurity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;

/**
 * The security headers of a kvmlab response. Set by {@link SecurityHeadersFilter} on everything that reaches
 * the application, and by the authentication mechanism on the answers it gives itself (401, 429, the redirect
 * to the sign-in page), which the container sends before any filter runs.
 */
public final class ResponseHeaders {

    /** The page policy for this request, read by PrimeFaces through {@code primefaces.CSP_POLICY} in web.xml. */
    public static final String PAGE_POLICY = "org.kvmlab.websecurity.pagePolicy";
    static final String CSP = "Content-Security-Policy";
    private static final List<String> STATIC_PATHS = List.of("/jakarta.faces.resource/", "/resources/", "/novnc/");

    private ResponseHeaders() {
    }

    /**
     * Sets them all; pages and the API are never stored by caches, files may be; HSTS only over TLS, where a
     * browser may rely on it.
     */
    public static void apply(HttpServletRequest request, HttpServletResponse response) {
        request.setAttribute(PAGE_POLICY, ContentSecurityPolicy.forPages(request.getHeader("Host")));
        response.setHeader(CSP, ContentSecurityPolicy.OTHER);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("Permissions-Policy", "accelerometer=(), camera=(), geolocation=(), gyroscope=(),"
                + " magnetometer=(), microphone=(), payment=(), usb=()");
        response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
        response.setHeader("Cross-Origin-Resource-Policy", "same-origin");
        if (!isStatic(request)) {
            response.setHeader("Cache-Control", "no-store");
        }
        if (request.isSecure()) {
            response.setHeader("Strict-Transport-Security", "max-age=31536000");
        }
    }

    private static boolean isStatic(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return STATIC_PATHS.stream().anyMatch(path::startsWith);
    }
}
