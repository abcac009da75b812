package org.kvmlab.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.kvmlab.websecurity.ResponseHeaders;

/**
 * One authentication mechanism for the whole application. The REST API ({@code /api/…}) takes HTTP Basic
 * on every request and never a cookie, so a browser session cannot be used to forge API calls. Pages use a
 * form login (the login view calls SecurityContext.authenticate); the signed-in caller is kept in the HTTP
 * session, whose id is changed at login. Every password, on the page or in an API call, passes the
 * {@link LoginGuard} first: a locked name or a blocked address is refused without looking at the password
 * (the page learns why from a request attribute; the API answers 429 with Retry-After). Its own answers
 * leave before any filter runs, so they get the security headers here.
 */
@ApplicationScoped
public class KvmlabAuthentication implements HttpAuthenticationMechanism {

    static final String SESSION_CALLER = "kvmlab.caller";
    private static final String LOGIN_PAGE = "/login.xhtml";

    @Inject
    IdentityStoreHandler identityStores;

    @Inject
    BasicCredentialCache cache;

    @Inject
    LoginGuard guard;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        // Payara's /metrics endpoint (served inside this application, see src/main/payara) is for scrapers: Basic too
        if (path.startsWith("/api/") || path.equals("/metrics") || path.startsWith("/metrics/")) {
            return api(request, response, context);
        }
        Credential credential = context.getAuthParameters().getCredential();
        if (credential != null) {
            return formLogin(request, context, credential);
        }
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(SESSION_CALLER) instanceof Caller caller) {
            return context.notifyContainerAboutLogin(caller.name(), caller.groups());
        }
        if (context.isProtected()) {
            ResponseHeaders.apply(request, response);
            String next = path + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
            return context.redirect(request.getContextPath() + LOGIN_PAGE + "?next="
                    + URLEncoder.encode(next, StandardCharsets.UTF_8));
        }
        return context.doNothing();
    }

    private AuthenticationStatus formLogin(HttpServletRequest request, HttpMessageContext context,
                                           Credential credential) {
        if (!(credential instanceof UsernamePasswordCredential login)) {
            return AuthenticationStatus.SEND_FAILURE;
        }
        String name = login.getCaller();
        Optional<LoginRefusal> refused = guard.refusal(name, request.getRemoteAddr());
        if (refused.isPresent()) {
            request.setAttribute(LoginRefusal.ATTRIBUTE, refused.get());
            return AuthenticationStatus.SEND_FAILURE;
        }
        CredentialValidationResult result = identityStores.validate(credential);
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            guard.failed(name, request.getRemoteAddr(), LoginGuard.Channel.PAGE)
                    .ifPresent(r -> request.setAttribute(LoginRefusal.ATTRIBUTE, r));
            return AuthenticationStatus.SEND_FAILURE;
        }
        guard.succeeded(name, LoginGuard.Channel.PAGE);
        HttpSession existing = request.getSession(false);
        if (existing != null) {
            request.changeSessionId();
        }
        request.getSession(true).setAttribute(SESSION_CALLER,
                new Caller(result.getCallerPrincipal().getName(), result.getCallerGroups()));
        return context.notifyContainerAboutLogin(result);
    }

    private AuthenticationStatus api(HttpServletRequest request, HttpServletResponse response,
                                     HttpMessageContext context) {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            UsernamePasswordCredential credential = decode(header.substring(6).strip());
            if (credential == null) {
                return unauthorized(request, response, "The user name or password is wrong.");
            }
            String name = credential.getCaller();
            // before the cache: a locked account stays locked for scripts that signed in a moment ago
            Optional<LoginRefusal> refused = guard.refusal(name, request.getRemoteAddr());
            if (refused.isPresent()) {
                return tooManyAttempts(request, response, refused.get());
            }
            Optional<Caller> cached = cache.get(credential);
            Caller caller = cached.orElseGet(() -> validate(credential));
            if (caller != null) {
                if (cached.isEmpty()) {
                    guard.succeeded(name, LoginGuard.Channel.API);
                }
                return context.notifyContainerAboutLogin(caller.name(), caller.groups());
            }
            Optional<LoginRefusal> locked = guard.failed(name, request.getRemoteAddr(), LoginGuard.Channel.API);
            return locked.isPresent() ? tooManyAttempts(request, response, locked.get())
                    : unauthorized(request, response, "The user name or password is wrong.");
        }
        if (context.isProtected()) {
            return unauthorized(request, response, "Sign in with HTTP Basic authentication (your kvmlab account).");
        }
        return context.doNothing();
    }

    private Caller validate(UsernamePasswordCredential credential) {
        CredentialValidationResult result = identityStores.validate(credential);
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            return null;
        }
        Caller caller = new Caller(result.getCallerPrincipal().getName(), result.getCallerGroups());
        cache.put(credential, caller);
        return caller;
    }

    private static UsernamePasswordCredential decode(String base64) {
        try {
            String pair = new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            return colon <= 0 ? null : new UsernamePasswordCredential(pair.substring(0, colon),
                    pair.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static AuthenticationStatus unauthorized(HttpServletRequest request, HttpServletResponse response,
                                                     String message) {
        ResponseHeaders.apply(request, response);
        response.setHeader("WWW-Authenticate", "Basic realm=\"kvmlab\", charset=\"UTF-8\"");
        return jsonError(response, HttpServletResponse.SC_UNAUTHORIZED, message);
    }

    private AuthenticationStatus tooManyAttempts(HttpServletRequest request, HttpServletResponse response,
                                                 LoginRefusal refusal) {
        ResponseHeaders.apply(request, response);
        Instant now = guard.now();
        response.setHeader("Retry-After", Long.toString(refusal.retryAfterSeconds(now)));
        return jsonError(response, 429, refusal.message(now));
    }

    private static AuthenticationStatus jsonError(HttpServletResponse response, int status, String message) {
        try {
            response.setStatus(status);
            response.setContentType("application/json;charset=UTF-8");
            response.getWriter().write("{\"error\":\"" + message.replace("\"", "'") + "\"}");
        } catch (IOException e) {
            // the client went away; nothing to tell it
        }
        return AuthenticationStatus.SEND_FAILURE;
    }
}
