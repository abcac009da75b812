package org.kvmlab.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One browser's worth of HTTP for the web security tests: its own cookies, no redirects followed, and JSF
 * forms posted the way the page's script posts them (view state, PrimeFaces' nonce, the button pressed).
 */
public final class PageClient {

    private static final Pattern VIEW_STATE = Pattern.compile(
            "name=\"jakarta\\.faces\\.ViewState\"[^>]*value=\"([^\"]+)\"");
    private static final Pattern NONCE = Pattern.compile("'nonce-([^']+)'");
    private static final Pattern ERROR_MESSAGE = Pattern.compile("ui-messages-error-summary\">([^<]*)<");

    private final KvmlabServer server;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;

    public PageClient(KvmlabServer server) {
        this.server = server;
        // HTTP/1.1 as browsers speak to a plain-HTTP server (no cleartext HTTP/2 upgrade)
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).cookieHandler(cookies)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** A page as loaded: its view state and the nonce of its Content-Security-Policy. */
    public record Page(HttpResponse<String> response, String viewState, String nonce) {
        public String body() {
            return response.body();
        }
    }

    public HttpResponse<String> get(String path, String... headers) {
        return send(request(path, headers).GET());
    }

    public Page page(String path) {
        HttpResponse<String> response = get(path);
        Matcher state = VIEW_STATE.matcher(response.body());
        Matcher nonce = NONCE.matcher(response.headers().firstValue("Content-Security-Policy").orElse(""));
        return new Page(response, state.find() ? state.group(1) : null, nonce.find() ? nonce.group(1) : null);
    }

    /** Posts a form of {@code page} with its view state, as pressing {@code button} does. */
    public HttpResponse<String> submit(Page page, String path, String form, String button, Map<String, String> fields,
                                String... headers) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put(form, form);
        fields.forEach((name, value) -> all.put(form + ":" + name, value));
        all.put(form + ":" + button, "");
        all.put("jakarta.faces.ViewState", page.viewState());
        all.put("primefaces.nonce", page.nonce());
        return post(path, all, headers);
    }

    public HttpResponse<String> post(String path, Map<String, String> form, String... headers) {
        String body = form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(request(path, headers).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Signs in through the sign-in form; answers the form's response (302 when it worked). */
    public HttpResponse<String> signIn(String user, String password, String... headers) {
        Page login = page("/login.xhtml");
        return submit(login, "/login.xhtml", "login", "signin", Map.of("username", user, "password", password),
                headers);
    }

    /** The error message the page shows, if any. */
    public static Optional<String> errorMessage(HttpResponse<String> response) {
        Matcher m = ERROR_MESSAGE.matcher(response.body());
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    public Optional<String> sessionId() {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("JSESSIONID"))
                .map(HttpCookie::getValue).findFirst();
    }

    /** Forgets every cookie but the given session id (as another browser holding only that cookie). */
    public void useSession(String sessionId) {
        cookies.getCookieStore().removeAll();
        HttpCookie cookie = new HttpCookie("JSESSIONID", sessionId);
        cookie.setPath("/");
        cookie.setVersion(0);
        cookies.getCookieStore().add(server.url("/"), cookie);
    }

    public HttpResponse<String> send(HttpRequest.Builder builder) {
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder request(String path, String... headers) {
        URI uri = server.url(path);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
