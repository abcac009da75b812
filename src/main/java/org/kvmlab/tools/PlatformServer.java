package org.kvmlab.tools;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged platform (target/payara-micro.jar + target/kvmlab.war) run by the bench as a child process, as
 * {@code ./kvmlab run} runs it, on a free port with a fresh data folder of its own (so its own instance id,
 * storage pool and H2 database) and a generated admin password. Closing it stops the process.
 */
final class PlatformServer implements AutoCloseable {

    static final String ADMIN = "admin";
    private static final Duration STARTUP = Duration.ofSeconds(240);

    private final Path dataDir;
    private final int port;
    private final String adminPassword;
    private final Process process;

    private PlatformServer(Path dataDir, int port, String adminPassword, Process process) {
        this.dataDir = dataDir;
        this.port = port;
        this.adminPassword = adminPassword;
        this.process = process;
    }

    /**
     * Starts the platform and waits until it serves its sign-in page.
     *
     * @param settings environment settings on top of the bench's own (e.g. the libvirt URI and acceleration)
     */
    static PlatformServer start(Path dataDir, Map<String, String> settings) throws IOException, InterruptedException {
        Path jar = Path.of("target/payara-micro.jar");
        Path war = Path.of("target/kvmlab.war");
        for (Path built : List.of(jar, war)) {
            if (!Files.isRegularFile(built)) {
                throw new IllegalStateException(built + " is missing: build it first (mvn -DskipTests package;"
                        + " ./kvmlab bench does)");
            }
        }
        deleteTree(dataDir);
        Files.createDirectories(dataDir);
        int port = freePort();
        String password = "bench-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--deploy", war.toString(), "--contextroot", "/", "--port",
                Integer.toString(port), "--nohazelcast", "--rootDir", dataDir.resolve("payara").toString(),
                "--prebootcommandfile", "src/main/payara/pre-boot-commands.txt",
                "--postbootcommandfile", "src/main/payara/post-boot-commands.txt")
                .redirectErrorStream(true).redirectOutput(dataDir.resolve("payara.log").toFile());
        Map<String, String> env = builder.environment();
        // the bench's platform must never share the database or port of one the user runs
        List.of("KVMLAB_DB_URL", "KVMLAB_DB_USER", "KVMLAB_DB_PASSWORD", "KVMLAB_PORT").forEach(env::remove);
        env.put("KVMLAB_DATA", dataDir.toString());
        env.put("KVMLAB_ADMIN_PASSWORD", password);
        env.putAll(settings);
        PlatformServer server = new PlatformServer(dataDir, port, password, builder.start());
        try {
            server.awaitUp();
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    URI url(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    String adminPassword() {
        return adminPassword;
    }

    Path dataDir() {
        return dataDir;
    }

    private void awaitUp() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the platform exited while starting; see " + dataDir.resolve(
                        "payara.log"));
            }
            try {
                HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(url("/login.xhtml"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the platform did not answer within " + STARTUP.toSeconds() + " s; see "
                + dataDir.resolve("payara.log"));
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
