package org.kvmlab.websecurity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;

/**
 * Sets {@link ResponseHeaders} on every response that reaches the application: pages, the REST API, files,
 * the guides and error pages (it also runs on error dispatches, so an error page replaces whatever the failed
 * response had set).
 */
public class SecurityHeadersFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        ResponseHeaders.apply(request, response);
        if (SameOriginFilter.isWebSocketHandshake(request)) {
            chain.doFilter(request, response);
        } else {
            chain.doFilter(request, new OnePolicyResponse(response));
        }
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
            if (ResponseHeaders.CSP.equalsIgnoreCase(name)) {
                setHeader(name, value);
            } else {
                super.addHeader(name, value);
            }
        }
    }
}
