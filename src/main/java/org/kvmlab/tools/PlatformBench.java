package org.kvmlab.tools;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.kvmlab.catalog.Lab;
import org.kvmlab.catalog.LabGuest;
import org.kvmlab.guest.GuestAgent;
import org.kvmlab.guest.Hypervisor;
import org.kvmlab.platform.Platform;
import org.kvmlab.session.LabRuntime;

/**
 * The parts of the bench a learner meets through the REST API of a running platform: a cold start (the API call
 * until every guest agent answers), a warm start from a pool, and a class rush of many Starts at once. "Ready" is
 * judged here, not taken from the platform's word: the session must say {@code running} and then the guest agent
 * must answer a ping, sent by the bench itself through libvirt. Every session started is ended at the end.
 */
final class PlatformBench {

    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration READY_WAIT = Duration.ofMinutes(10);
    private static final int DELETE_THREADS = 4;

    private final PlatformServer server;
    private final Hypervisor hypervisor;
    private final Consumer<String> progress;
    private final PlatformClient admin;
    private final Map<String, PlatformClient> live = new ConcurrentHashMap<>();
    private final List<String> started = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<String, PlatformClient> users = new ConcurrentHashMap<>();

    PlatformBench(PlatformServer server, Hypervisor hypervisor, Consumer<String> progress) {
        this.server = server;
        this.hypervisor = hypervisor;
        this.progress = progress;
        this.admin = new PlatformClient(server, PlatformServer.ADMIN, server.adminPassword());
    }

    /**
     * Every session id this bench started through the API, ended or not, and every warm-pool guest the platform
     * booted for it, as the audit trail names them when the pool was emptied (for the final check).
     */
    List<String> startedSessions() {
        return List.copyOf(started);
    }

    /** One cold start by a learner account of the bench's own; the session is ended afterwards. */
    Duration coldStart(Lab lab) {
        PlatformClient learner = user("cold");
        long t0 = System.nanoTime();
        String id = start(learner, lab);
        awaitReady(learner, id, lab);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        end(id);
        return took;
    }

    /** Whether the platform has the pool API ({@code GET /api/admin/pools} does not answer 404). */
    boolean hasPools() {
        return admin.get("/api/admin/pools").status() != 404;
    }

    /** Fills a pool of the lab to {@code size} ready guests and waits for it; 0 empties it. */
    void pool(Lab lab, int size) {
        admin.put("/api/admin/pools/" + lab.id(), Map.of("size", size)).expect("PUT /api/admin/pools/" + lab.id(),
                200, 201, 202, 204);
        long deadline = System.nanoTime() + READY_WAIT.toNanos();
        if (size == 0) {
            // an emptied pool recycles its guests on the platform's next ticks: wait until the pool lists none,
            // not even one still being removed (the bench's platform is never started again, so a recycle cut
            // short by its stop would be finished by nobody), and then until they are gone from the hypervisor
            while (inPool(lab) > 0 && System.nanoTime() < deadline) {
                GuestAgent.pause(Duration.ofMillis(500));
            }
            poolGuests().forEach(id -> {
                if (!started.contains(id)) {
                    started.add(id); // handed out ones are there already
                }
            });
            Set<String> seen = new HashSet<>();
            while (stillOnHost(seen) && System.nanoTime() < deadline) {
                GuestAgent.pause(Duration.ofMillis(500));
            }
            return;
        }
        while (readyInPool(lab) < size) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the pool of " + lab.id() + " did not reach " + size + " ready guests"
                        + " within " + READY_WAIT.toMinutes() + " min");
            }
            GuestAgent.pause(Duration.ofMillis(500));
        }
    }

    /**
     * Whether guests, disks or networks of the platform's instance that belong to no live session of the bench
     * (pool guests) are still on the hypervisor. {@code seen} keeps their ids from one look to the next: a
     * network carries no metadata, and is removed last.
     */
    private boolean stillOnHost(Set<String> seen) {
        String instance = Platform.instanceId(server.dataDir());
        String pool = LabRuntime.poolName(instance);
        seen.addAll(PlatformLeftovers.sessionsWithGuests(hypervisor, instance));
        PlatformLeftovers.volumes(hypervisor, pool, LabRuntime.PREFIX)
                .forEach(v -> LabRuntime.sessionIdIn(v).ifPresent(seen::add));
        seen.removeAll(live.keySet());
        seen.removeIf(id -> hypervisor.listGuests(LabRuntime.PREFIX + id + "-").isEmpty()
                && hypervisor.listNetworks(LabRuntime.PREFIX + id + "-").isEmpty()
                && PlatformLeftovers.volumes(hypervisor, pool, LabRuntime.PREFIX + id + "-").isEmpty());
        return !seen.isEmpty();
    }

    /** Ready, booting and still-being-removed guests in the lab's pool. */
    private int inPool(Lab lab) {
        JsonNode pool = poolOf(lab);
        return pool.path("ready").asInt(0) + pool.path("starting").asInt(0) + pool.path("recycling").asInt(0);
    }

    /** The ids of the warm-pool guests the platform booted, from its audit trail. */
    private List<String> poolGuests() {
        List<String> ids = new ArrayList<>();
        for (JsonNode event : admin.get("/api/admin/audit?action=GUEST_CREATED&limit=500")
                .expect("GET /api/admin/audit", 200).json()) {
            if (event.path("detail").asText().startsWith("warm pool of ")) {
                ids.add(event.path("subject").asText());
            }
        }
        return ids;
    }

    private int readyInPool(Lab lab) {
        return poolOf(lab).path("ready").asInt(0);
    }

    /** The lab's entry in the platform's pool list; a missing node when the lab has none. */
    private JsonNode poolOf(Lab lab) {
        for (JsonNode pool : admin.get("/api/admin/pools").expect("GET /api/admin/pools", 200).json()) {
            if (lab.id().equals(pool.path("lab").asText())) {
                return pool;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** What a rush found: each learner's time until their guest was ready, and the starts that failed. */
    record Rush(List<Duration> ready, List<String> failures) {
    }

    /**
     * {@code n} learners press Start at the same moment; returns each one's time until their guest was ready (in
     * the order they finished) and why the others' starts failed. Their sessions are ended afterwards.
     */
    Rush rush(Lab lab, int n) throws InterruptedException {
        List<PlatformClient> learners = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            learners.add(user(String.format(java.util.Locale.ROOT, "rush%02d", i)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Duration> ready = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<?>> all = new ArrayList<>();
            long[] t0 = new long[1];
            for (PlatformClient learner : learners) {
                all.add(pool.submit(() -> {
                    go.await();
                    try {
                        String id = start(learner, lab);
                        awaitReady(learner, id, lab);
                        ready.add(Duration.ofNanos(System.nanoTime() - t0[0]));
                    } catch (RuntimeException e) {
                        failures.add(BenchCommand.message(e));
                    }
                    return null;
                }));
            }
            t0[0] = System.nanoTime();
            go.countDown();
            for (Future<?> f : all) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add(BenchCommand.message(e));
                }
            }
            return new Rush(List.copyOf(ready), List.copyOf(failures));
        } finally {
            pool.shutdownNow();
            endAll();
        }
    }

    private String start(PlatformClient learner, Lab lab) {
        JsonNode session = learner.post("/api/sessions", Map.of("lab", lab.id()))
                .expect("POST /api/sessions", 201, 202).json();
        String id = session.path("id").asText();
        started.add(id);
        live.put(id, learner);
        return id;
    }

    /** Waits until the session says running and then every guest agent answers the bench's own ping. */
    private void awaitReady(PlatformClient learner, String id, Lab lab) {
        long deadline = System.nanoTime() + READY_WAIT.toNanos();
        while (true) {
            String state = learner.get("/api/sessions/" + id).expect("GET /api/sessions/" + id, 200).json()
                    .path("state").asText();
            if ("running".equals(state)) {
                break;
            }
            if (!List.of("queued", "starting").contains(state)) {
                throw new IllegalStateException("session " + id + " went " + state + " instead of running");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("session " + id + " was not running after " + READY_WAIT.toMinutes()
                        + " min");
            }
            GuestAgent.pause(POLL);
        }
        GuestAgent agent = new GuestAgent(hypervisor);
        for (LabGuest guest : BenchSessions.agentGuests(lab)) {
            if (!agent.awaitPing(LabRuntime.platformName(id, guest.name()), READY_WAIT)) {
                throw new IllegalStateException("session " + id + " said running, but the agent of " + guest.name()
                        + " did not answer within " + READY_WAIT.toMinutes() + " min");
            }
        }
    }

    private void end(String id) {
        PlatformClient owner = live.get(id);
        if (owner != null) {
            owner.delete("/api/sessions/" + id).expect("DELETE /api/sessions/" + id, 204, 404);
            live.remove(id);
        }
    }

    /** Ends every session still live (a few at a time: each end waits for QEMU to exit). */
    void endAll() throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(DELETE_THREADS);
        try {
            List<Future<?>> ends = new ArrayList<>();
            for (String id : List.copyOf(live.keySet())) {
                ends.add(pool.submit(() -> end(id)));
            }
            for (Future<?> f : ends) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    progress.accept("could not end a session through the API: " + e.getCause().getMessage());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A student account of the bench's own, made once through the admin API. */
    private PlatformClient user(String name) {
        return users.computeIfAbsent(name, n -> {
            String password = "bench-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
            admin.post("/api/admin/users", Map.of("username", n, "password", password, "role", "student"))
                    .expect("POST /api/admin/users (" + n + ")", 201);
            return new PlatformClient(server, n, password);
        });
    }
}
