package org.kvmlab.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kvmlab.testing.Api;
import org.kvmlab.testing.KvmlabServer;
import org.kvmlab.testing.RunningPlatform;

/**
 * Classroom scale on real guests, one host: with one boot at a time, learners who press Start together wait in
 * line with a place and an estimate, are booted first come first served, and none is lost; a queued start can be
 * cancelled and leaves nothing behind; a warm pool hands out a ready guest at once, to one learner only, and
 * refills.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClassroomScaleIT {

    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform("scale", Map.of("KVMLAB_TICK_SECONDS", "1"));

    static Api admin() {
        return new Api(platform.server(), "admin", KvmlabServer.ADMIN_PASSWORD);
    }

    static Api student(String name) {
        Api.signUp(platform.server(), name, "quiet-harbour-lantern-71");
        return new Api(platform.server(), name, "quiet-harbour-lantern-71");
    }

    static JsonObject waitFor(Api api, String id, String state, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        JsonObject now = api.get("/api/sessions/" + id).object();
        while (!now.getString("state").equals(state) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            now = api.get("/api/sessions/" + id).object();
        }
        assertThat(now.getString("state")).as(now.toString()).isEqualTo(state);
        return now;
    }

    @Test
    @Order(1)
    void learnersWhoStartTogetherWaitInLineAndAreBootedInTurn() throws Exception {
        Api.Reply capped = admin().send("PUT", "/api/admin/hosts/local", "application/json", "{\"maxBoots\":1}");
        assertThat(capped.status()).as(capped.body()).isEqualTo(200);
        List<Api> learners = new ArrayList<>();
        for (String name : List.of("quinn", "ravi", "sara", "tomas")) {
            learners.add(student(name));
        }

        // one after the other, so that the order they came in is known
        Map<String, JsonObject> started = new LinkedHashMap<>();
        for (int i = 0; i < learners.size(); i++) {
            Api.Reply reply = learners.get(i).postJson("/api/sessions", "{\"lab\":\"virtio-devices\"}");
            assertThat(reply.status()).as(reply.body()).isEqualTo(201);
            started.put("learner" + i, reply.object());
        }
        List<String> ids = started.values().stream().map(o -> o.getString("id")).toList();
        JsonObject first = started.get("learner0");
        assertThat(first.getString("state")).isEqualTo("starting");
        assertThat(first.getInt("queuePosition")).isZero();
        for (int i = 1; i < 4; i++) {
            JsonObject s = learners.get(i).get("/api/sessions/" + ids.get(i)).object();
            assertThat(s.getString("state")).as(s.toString()).isEqualTo("queued");
            assertThat(s.getInt("queuePosition")).as("place in line of learner " + i).isEqualTo(i);
            assertThat(Instant.parse(s.getString("estimatedReadyAt"))).isAfter(Instant.now());
            assertThat(s.getJsonArray("guests").getJsonObject(0).getString("state")).isEqualTo("starting");
        }
        assertThat(Instant.parse(learners.get(3).get("/api/sessions/" + ids.get(3)).object()
                .getString("estimatedReadyAt"))).as("the last in line is estimated last")
                .isAfter(Instant.parse(learners.get(1).get("/api/sessions/" + ids.get(1)).object()
                        .getString("estimatedReadyAt")));
        // working in a session that is not ready yet is refused with a reason, not a crash
        Api.Reply early = learners.get(2).post("/api/sessions/" + ids.get(2) + "/grade");
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.object().getString("error")).contains("still starting");

        // the last learner changes their mind: cancelled while queued, no guest is ever made
        assertThat(learners.get(3).delete("/api/sessions/" + ids.get(3)).status()).isEqualTo(204);
        JsonObject cancelled = learners.get(3).get("/api/sessions/" + ids.get(3)).object();
        assertThat(cancelled.getString("state")).isEqualTo("ended");
        assertThat(cancelled.getString("note")).contains("before it had started");

        // every other learner gets a running guest, in the order they came, one boot at a time
        Map<String, Instant> ready = new LinkedHashMap<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (ready.size() < 3 && System.nanoTime() < deadline) {
            for (int i = 0; i < 3; i++) {
                if (!ready.containsKey(ids.get(i)) && learners.get(i).get("/api/sessions/" + ids.get(i)).object()
                        .getString("state").equals("running")) {
                    ready.put(ids.get(i), Instant.now());
                }
            }
            Thread.sleep(150);
        }
        assertThat(ready.keySet()).containsExactly(ids.get(0), ids.get(1), ids.get(2));
        for (int i = 0; i < 3; i++) {
            assertThat(platform.libvirt().listGuests("kvmlab-" + ids.get(i))).hasSize(1);
            assertThat(learners.get(i).post("/api/sessions/" + ids.get(i) + "/grade").status()).isEqualTo(200);
        }
        assertThat(platform.libvirt().listGuests("kvmlab-" + ids.get(3))).isEmpty();
        for (int i = 0; i < 3; i++) {
            assertThat(learners.get(i).delete("/api/sessions/" + ids.get(i)).status()).isEqualTo(204);
        }
        admin().send("PUT", "/api/admin/hosts/local", "application/json", "{\"maxBoots\":0}");
    }

    @Test
    @Order(2)
    void aWarmPoolHandsOutEachReadyGuestOnceAndRefills() throws Exception {
        Api admin = admin();
        Api.Reply sized = admin.send("PUT", "/api/admin/pools/virtio-devices", "application/json", "{\"size\":2}");
        assertThat(sized.status()).as(sized.body()).isEqualTo(200);
        waitForPool(admin, 2, Duration.ofMinutes(8));

        // three learners press Start at the same moment: two get a ready guest at once, the third boots
        List<Api> learners = List.of(student("uma"), student("vik"), student("wes"));
        ExecutorService together = Executors.newFixedThreadPool(3);
        List<Future<Api.Reply>> replies = new ArrayList<>();
        for (Api learner : learners) {
            replies.add(together.submit(() -> learner.postJson("/api/sessions", "{\"lab\":\"virtio-devices\"}")));
        }
        List<JsonObject> sessions = new ArrayList<>();
        for (Future<Api.Reply> f : replies) {
            Api.Reply reply = f.get();
            assertThat(reply.status()).as(reply.body()).isEqualTo(201);
            sessions.add(reply.object());
        }
        together.shutdown();
        long warm = sessions.stream().filter(s -> s.getString("state").equals("running")).count();
        assertThat(warm).as("each ready guest goes to one learner").isEqualTo(2);
        assertThat(sessions.stream().map(s -> s.getString("id")).distinct()).hasSize(3);
        for (int i = 0; i < 3; i++) {
            JsonObject s = sessions.get(i);
            if (s.getString("state").equals("running")) {
                // identical to a cold start: the learner's guest, running, a full lifetime ahead, their own
                assertThat(s.getJsonArray("guests").getJsonObject(0).getString("state")).isEqualTo("running");
                assertThat(Duration.between(Instant.now(), Instant.parse(s.getString("expiresAt"))))
                        .isGreaterThan(Duration.ofMinutes(55));
                assertThat(learners.get(i).post("/api/sessions/" + s.getString("id") + "/grade").status())
                        .isEqualTo(200);
                String other = sessions.get((i + 1) % 3).getString("id");
                assertThat(learners.get(i).get("/api/sessions/" + other).status()).isEqualTo(404);
            } else {
                waitFor(learners.get(i), s.getString("id"), "running", Duration.ofMinutes(5));
            }
        }
        // the pool fills again behind them (refills boot one at a time on a 2-core host: the other slot stays free
        // for learners)
        waitForPool(admin, 2, Duration.ofMinutes(8));

        // a smaller pool recycles what it no longer needs
        admin.send("PUT", "/api/admin/pools/virtio-devices", "application/json", "{\"size\":0}");
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (pool(admin).getInt("ready") > 0 && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        assertThat(pool(admin).getInt("ready")).isZero();
        for (int i = 0; i < 3; i++) {
            assertThat(learners.get(i).delete("/api/sessions/" + sessions.get(i).getString("id")).status())
                    .isEqualTo(204);
        }
        assertThat(platform.libvirt().listGuests("kvmlab-").stream().filter(g -> org.kvmlab.guest.GuestMetadata
                .from(platform.libvirt().xml(g, org.kvmlab.guest.XmlView.INACTIVE))
                .map(m -> m.instance().equals(platform.server().instance())).orElse(false)))
                .as("nothing of the pool is left").isEmpty();
    }

    static JsonObject pool(Api admin) {
        return admin.get("/api/admin/pools").json().asJsonArray().stream().map(v -> v.asJsonObject())
                .filter(p -> p.getString("lab").equals("virtio-devices")).findFirst()
                .orElseThrow(() -> new AssertionError("no pool of virtio-devices"));
    }

    static void waitForPool(Api admin, int ready, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (pool(admin).getInt("ready") < ready && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        assertThat(pool(admin).getInt("ready")).as(pool(admin).toString()).isEqualTo(ready);
    }
}
