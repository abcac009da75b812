package org.kvmlab.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** The platform's REST API as one user (HTTP Basic), JSON read with Jackson. */
final class PlatformClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** HTTP/1.1 as browsers speak to it: the JDK's cleartext HTTP/2 upgrade has ended in EOFs against Payara. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private final PlatformServer server;
    private final String authorization;

    PlatformClient(PlatformServer server, String user, String password) {
        this.server = server;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** An answer: its status and body (JSON when the body is JSON, else a null node). */
    record Reply(int status, String body) {
        JsonNode json() {
            try {
                return body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
            } catch (IOException e) {
                return JSON.nullNode();
            }
        }

        /** @throws IllegalStateException naming the call and the platform's answer unless the status is wanted */
        Reply expect(String call, int... wanted) {
            for (int w : wanted) {
                if (status == w) {
                    return this;
                }
            }
            throw new IllegalStateException(call + " answered HTTP " + status + ": " + body);
        }
    }

    Reply get(String path) {
        return send(request(path).GET());
    }

    Reply delete(String path) {
        return send(request(path).DELETE());
    }

    Reply post(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(body))));
    }

    Reply put(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(write(body))));
    }

    private static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(server.url(path)).timeout(Duration.ofMinutes(10))
                .header("Authorization", authorization).header("Accept", "application/json");
    }

    private static Reply send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> r = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
