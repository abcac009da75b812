package org.kvmlab.websecurity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.List;

/**
 * The security headers of every response: pages, the REST API, files, the guides and error pages (it also
 * runs on error dispatches, so an error page replaces whatever the failed response had set). Pages and the
 * API are never stored by caches; files may be. HSTS only over TLS, where a browser may rely on it.
 */
public class SecurityHeadersFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    /** The page policy for this request, read by PrimeFaces through {@code primefaces.CSP_POLICY} in web.xml. */
    public static final String PAGE_POLICY = "org.kvmlab.websecurity.pagePolicy";
    static final String CSP = "Content-Security-Policy";
    private static final List<String> STATIC_PATHS = List.of("/jakarta.faces.resource/", "/resources/", "/novnc/");

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
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
        if (SameOriginFilter.isWebSocketHandshake(request)) {
            chain.doFilter(request, response);
        } else {
            chain.doFilter(request, new OnePolicyResponse(response));
        }
    }

    private static boolean isStatic(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return STATIC_PATHS.stream().anyMatch(path::startsWith);
    }

    /**
     * PrimeFaces adds its policy (ours plus the page's nonce) with addHeader; a second policy header would be
     * enforced too and block the nonce scripts, so here adding the policy replaces the default one.
     */
    private static final class OnePolicyResponse extends HttpServletResponseWrapper {
        OnePolicyResponse(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void addHeader(String name, String value) {
            if (CSP.equalsIgnoreCase(name)) {
                setHeader(name, value);
            } else {
                super.addHeader(name, value);
            }
        }
    }
}
