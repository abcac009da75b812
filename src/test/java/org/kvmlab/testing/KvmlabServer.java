package org.kvmlab.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged platform running in Payara Micro as a child process, on a free port with its own data folder
 * (and so its own platform instance id, storage pool and database). Stop it gracefully, or kill it like a
 * crash, and start it again on the same data.
 */
public final class KvmlabServer implements AutoCloseable {

    /** Passes the password rules; the famous "correct-horse-battery-staple" is in leaked-password lists. */
    public static final String ADMIN_PASSWORD = "violet-ferry-lamp-4812";
    private static final Duration STARTUP = Duration.ofSeconds(240);

    private final String name;
    private final Path dataDir;
    private final Map<String, String> settings;
    private final int port;
    private int tlsPort;
    private Process process;
    private int starts;

    public KvmlabServer(String name, Map<String, String> settings) {
        this.name = name;
        this.settings = Map.copyOf(settings);
        this.dataDir = Path.of(System.getProperty("kvmlab.testOutput", "target")).toAbsolutePath()
                .resolve("it-" + name);
        this.port = freePort();
    }

    /** Also listens for HTTPS (Payara Micro's own self-signed certificate) on a free port; call before start. */
    public KvmlabServer withTls() {
        tlsPort = freePort();
        return this;
    }

    public KvmlabServer start() {
        try {
            return startOnce();
        } catch (PayaraStartupRace e) {
            // Payara Micro's own start-up, before kvmlab is deployed, sometimes trips over itself (see
            // PayaraStartupRace): one more try, with a fresh Payara folder; kvmlab's own failures are never retried
            System.err.println("kvmlab server '" + name + "': " + e.getMessage() + "; starting it once more");
            return startOnce();
        }
    }

    /** Payara Micro failed before deploying kvmlab, by one of its own known start-up races. */
    static final class PayaraStartupRace extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        PayaraStartupRace(String message) {
            super(message);
        }
    }

    /**
     * The mark of Payara Micro's own start-up race seen on these machines: HK2 iterating a listener list while it
     * changes. (The other one, Hazelcast's member without an address when another Payara Micro started or stopped
     * at that moment, is gone since Hazelcast no longer starts: {@code --nohazelcast}.)
     */
    private static final List<String> PAYARA_RACES = List.of("java.util.ConcurrentModificationException");

    private KvmlabServer startOnce() {
        try {
            if (starts == 0) {
                deleteTree(dataDir);
            }
            Files.createDirectories(dataDir);
            Path log = dataDir.resolve("payara-" + (++starts) + ".log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", System.getProperty("kvmlab.payara", "target/payara-micro.jar"),
                    "--deploy", System.getProperty("kvmlab.war", "target/kvmlab.war"),
                    "--contextroot", "/", "--port", Integer.toString(port), "--nohazelcast",
                    "--rootDir", dataDir.resolve("payara-" + starts).toString(),
                    "--prebootcommandfile", Path.of("src/main/payara/pre-boot-commands.txt").toAbsolutePath().toString(),
                    "--postbootcommandfile", Path.of("src/main/payara/post-boot-commands.txt").toAbsolutePath()
                            .toString()));
            if (tlsPort > 0) {
                command.addAll(List.of("--sslPort", Integer.toString(tlsPort)));
            }
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.putAll(defaults());
            env.putAll(settings);
            process = builder.start();
            try {
                awaitUp(log);
            } catch (RuntimeException e) {
                kill(); // a server that never came up must not outlive the test run
                throw e;
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, String> defaults() {
        Map<String, String> env = new HashMap<>();
        env.put("KVMLAB_DATA", dataDir.toString());
        env.put("KVMLAB_LABS", Labs.labsFolder().toString());
        env.put("KVMLAB_GUIDES", Labs.guidesFolder().toString());
        env.put("KVMLAB_IMAGES", TestEnvironment.imagesFolder().toString());
        env.put("KVMLAB_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("KVMLAB_LIBVIRT_URI", "qemu:///system");
        env.put("KVMLAB_ACCEL", TestEnvironment.acceleration() == org.kvmlab.guest.Acceleration.KVM ? "kvm" : "tcg");
        return env;
    }

    private void awaitUp(Path log) {
        // HTTP/1.1, as browsers speak plain HTTP: Java's default cleartext HTTP/2 upgrade has broken connections
        // in these tests ("EOF reached while reading"), and a start-up wait once ran out that way
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            String race = payaraRace(log);
            if (race != null) {
                throw new PayaraStartupRace("Payara Micro failed to start (" + race + "); see " + log);
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("kvmlab server '" + name + "' exited during start-up; see " + log);
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(url("/login.xhtml"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(500);
        }
        throw new IllegalStateException("kvmlab server '" + name + "' did not answer within " + STARTUP.toSeconds()
                + " s; see " + log);
    }

    /** The race that stopped Payara Micro's own start-up, when its log says it failed to start by one. */
    private static String payaraRace(Path log) {
        try {
            String text = Files.readString(log);
            if (!text.contains("Failed to start, exiting") && !text.contains("BootstrapException")) {
                return null;
            }
            return PAYARA_RACES.stream().filter(text::contains).findFirst().orElse(null);
        } catch (IOException | java.io.UncheckedIOException e) {
            return null;
        }
    }

    /** Ends the server like a crash: SIGKILL, no shutdown hooks. */
    public void kill() {
        process.destroyForcibly();
        waitFor();
    }

    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            waitFor();
        }
    }

    private void waitFor() {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    public URI url(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    /** An address on the HTTPS port (see {@link #withTls()}). */
    public URI tlsUrl(String path) {
        if (tlsPort == 0) {
            throw new IllegalStateException("this server was started without TLS");
        }
        return URI.create("https://localhost:" + tlsPort + path);
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The platform instance id the server derives from its data folder. */
    public String instance() {
        return org.kvmlab.platform.Platform.instanceId(dataDir);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
