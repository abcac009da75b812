package org.kvmlab.session;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kvmlab.testing.Api;
import org.kvmlab.testing.KvmlabServer;
import org.kvmlab.testing.RunningPlatform;

/**
 * The reaper with hundreds of sessions (demo mode, so that hundreds of guests fit): every session started comes
 * up, sessions left alone expire and are removed, sessions that were extended keep running past the others and
 * expire in their turn, and nothing is left.
 */
class ReaperScaleIT {

    static final int PEOPLE = 24;

    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform("reaperscale", Map.ofEntries(
            Map.entry("KVMLAB_LIBVIRT_URI", "test:///default"), Map.entry("KVMLAB_SESSION_MINUTES", "1"),
            Map.entry("KVMLAB_SESSION_MAX_MINUTES", "3"), Map.entry("KVMLAB_REAPER_SECONDS", "2"),
            Map.entry("KVMLAB_MAX_SESSIONS_PER_USER", "12"), Map.entry("KVMLAB_USER_MAX_GUESTS", "30"),
            Map.entry("KVMLAB_USER_MAX_MEMORY_MIB", "40000"), Map.entry("KVMLAB_USER_MAX_VCPUS", "200")));

    @Test
    void hundredsOfSessionsExpireOnTimeAndExtendedOnesLive() throws Exception {
        Api admin = new Api(platform.server(), "admin", KvmlabServer.ADMIN_PASSWORD);
        Api.Reply roomy = admin.send("PUT", "/api/admin/hosts/local", "application/json",
                "{\"maxMemoryMiB\":2000000,\"cpuOvercommit\":32}");
        assertThat(roomy.status()).as(roomy.body()).isEqualTo(200);
        List<String> labs = admin.get("/api/labs").json().asJsonArray().stream().map(v -> v.asJsonObject())
                .filter(l -> !l.containsKey("coming") || l.isNull("coming")).map(l -> l.getString("id")).toList();
        assertThat(labs.size()).isGreaterThanOrEqualTo(8);

        List<Api> people = new ArrayList<>();
        for (int i = 0; i < PEOPLE; i++) {
            Api.signUp(platform.server(), "reap" + i, "copper-kettle-lantern-29");
            people.add(new Api(platform.server(), "reap" + i, "copper-kettle-lantern-29"));
        }
        // everyone starts every lab at once, eight requests at a time
        ExecutorService starts = Executors.newFixedThreadPool(8);
        Map<String, Api> owner = new ConcurrentHashMap<>();
        List<Future<Api.Reply>> replies = new ArrayList<>();
        for (Api person : people) {
            for (String lab : labs) {
                replies.add(starts.submit(() -> {
                    Api.Reply r = person.postJson("/api/sessions", "{\"lab\":\"" + lab + "\"}");
                    if (r.status() == 201) {
                        owner.put(r.object().getString("id"), person);
                    }
                    return r;
                }));
            }
        }
        for (Future<Api.Reply> f : replies) {
            Api.Reply r = f.get();
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
        starts.shutdown();
        int total = PEOPLE * labs.size();
        assertThat(owner).hasSize(total);
        assertThat(total).isGreaterThanOrEqualTo(190);
        waitUntil(() -> admin.get("/api/admin/sessions").json().asJsonArray().size() == total,
                Duration.ofSeconds(60), "every session is live");
        for (String id : owner.keySet()) {
            // no session is lost on the way: each is queued, starting or running, never failed
            String state = owner.get(id).get("/api/sessions/" + id).object().getString("state");
            assertThat(state).isIn("queued", "starting", "running");
        }

        // one session per person is extended; the others are left alone
        Set<String> extended = new HashSet<>();
        for (Api person : people) {
            String id = owner.entrySet().stream().filter(e -> e.getValue() == person).map(Map.Entry::getKey)
                    .sorted().findFirst().orElseThrow();
            waitUntil(() -> person.get("/api/sessions/" + id).object().getString("state").equals("running"),
                    Duration.ofSeconds(60), "session " + id + " runs");
        }
        Thread.sleep(20_000);
        for (Api person : people) {
            String id = owner.entrySet().stream().filter(e -> e.getValue() == person).map(Map.Entry::getKey)
                    .sorted().findFirst().orElseThrow();
            Api.Reply more = person.post("/api/sessions/" + id + "/extend");
            assertThat(more.status()).as(more.body()).isEqualTo(200);
            assertThat(Instant.parse(more.object().getString("expiresAt"))).isAfter(Instant.now().plusSeconds(50));
            extended.add(id);
        }

        // the others expire within a few reaper runs of their time
        waitUntil(() -> admin.get("/api/admin/sessions").json().asJsonArray().size() == PEOPLE,
                Duration.ofSeconds(90), "only the extended sessions are left");
        Set<String> stillLive = new HashSet<>();
        admin.get("/api/admin/sessions").json().asJsonArray().forEach(v -> stillLive.add(v.asJsonObject()
                .getJsonObject("session").getString("id")));
        assertThat(stillLive).isEqualTo(extended);
        for (String id : owner.keySet()) {
            if (!extended.contains(id)) {
                JsonObject s = owner.get(id).get("/api/sessions/" + id).object();
                assertThat(s.getString("state")).isEqualTo("expired");
                assertThat(s.getString("note")).contains("time ran out");
            }
        }
        // then the extended ones, in their turn
        waitUntil(() -> admin.get("/api/admin/sessions").json().asJsonArray().isEmpty(), Duration.ofSeconds(120),
                "every session expired");
        for (String id : extended) {
            assertThat(owner.get(id).get("/api/sessions/" + id).object().getString("state")).isEqualTo("expired");
        }
    }

    interface Check {
        boolean holds() throws Exception;
    }

    static void waitUntil(Check check, Duration within, String what) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within.toSeconds() + " s: " + what);
            }
            Thread.sleep(500);
        }
    }
}
