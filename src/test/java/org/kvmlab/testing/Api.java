package org.kvmlab.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A REST client for the tests: HTTP Basic as one user, JSON parsed with JSON-P. */
public final class Api {

    private final KvmlabServer server;
    private final String authorization;
    /** HTTP/1.1 like a browser: the JDK's cleartext HTTP/2 upgrade sometimes ends in an EOF against Payara. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    public Api(KvmlabServer server, String user, String password) {
        this.server = server;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** An HTTP answer: status, raw body, and the body as JSON when it is JSON. */
    public record Reply(int status, String body, String contentType) {
        public JsonStructure json() {
            return Json.createReader(new StringReader(body)).read();
        }

        public JsonObject object() {
            return (JsonObject) json();
        }
    }

    /**
     * Starts a lab through the API and waits until its guests are ready (or the start failed): the answer to the
     * start when it was refused, else the session as it is once it left {@code queued} and {@code starting}, with
     * the start's status (201).
     */
    public Reply startLab(String lab) {
        Reply started = postJson("/api/sessions", "{\"lab\":\"" + lab + "\"}");
        if (started.status() != 201) {
            return started;
        }
        String id = started.object().getString("id");
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(3).toNanos();
        Reply now = started;
        while (java.util.Set.of("queued", "starting").contains(now.object().getString("state"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("session " + id + " of " + lab + " is still " + now.object().getString("state")
                        + " after 3 minutes: " + now.body());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            now = get("/api/sessions/" + id);
        }
        return new Reply(201, now.body(), now.contentType());
    }

    public Reply get(String path) {
        return send(request(path).GET());
    }

    public Reply delete(String path) {
        return send(request(path).DELETE());
    }

    public Reply postJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Reply post(String path) {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
    }

    public Reply putXml(String path, String xml) {
        return send(request(path).header("Content-Type", "application/xml")
                .PUT(HttpRequest.BodyPublishers.ofString(xml)));
    }

    public Reply postXml(String path, String xml) {
        return send(request(path).header("Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofString(xml)));
    }

    /** Any method on any path, with a body of the given type (or none when the body is null). */
    public Reply send(String method, String path, String contentType, String body) {
        HttpRequest.Builder builder = request(path);
        if (body == null) {
            return send(builder.method(method, HttpRequest.BodyPublishers.noBody()));
        }
        return send(builder.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpRequest.Builder request(String path) {
        URI uri = server.url(path);
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(120)).header("Authorization", authorization);
    }

    private Reply send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(),
                    response.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates a student account the way a person does: through the sign-up form. */
    public static void signUp(KvmlabServer server, String user, String password) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(new java.net.CookieManager()).build();
        try {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(server.url("/signup.xhtml")).build(),
                    HttpResponse.BodyHandlers.ofString());
            String viewState = page.body().replaceAll("(?s).*name=\"jakarta\\.faces\\.ViewState\"[^>]*value=\"([^\"]+)\".*",
                    "$1");
            // PrimeFaces CSP: a postback must carry the page's nonce, as the browser's script would send it
            String nonce = page.headers().firstValue("Content-Security-Policy").orElse("")
                    .replaceAll("(?s).*'nonce-([^']+)'.*", "$1");
            String form = "primefaces.nonce=" + encode(nonce) + "&signup=signup&signup%3Ausername=" + user + "&signup%3Apassword=" + encode(password)
                    + "&signup%3Arepeat=" + encode(password) + "&signup%3Acreate=&jakarta.faces.ViewState="
                    + encode(viewState);
            HttpResponse<String> result = http.send(HttpRequest.newBuilder(server.url("/signup.xhtml"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            if (result.statusCode() != 302) {
                throw new IllegalStateException("sign-up of " + user + " failed: HTTP " + result.statusCode());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
