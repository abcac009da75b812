package org.kvmlab.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kvmlab.testing.Api;
import org.kvmlab.testing.Browser;
import org.kvmlab.testing.KvmlabServer;
import org.kvmlab.testing.PageClient;
import org.kvmlab.testing.RunningPlatform;
import org.kvmlab.websecurity.CspViolations;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * Hosts, warm pools and class pre-warming through the API and the admin page, on libvirt's test driver (demo
 * mode: boots are instant, so a pool fills in seconds). A second host is a test-driver node of its own.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostsAndPoolsIT {

    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform("hosts-pools",
            Map.of("KVMLAB_LIBVIRT_URI", "test:///default", "KVMLAB_TICK_SECONDS", "1"));

    static final String LAB = "virtio-devices";
    static Api admin;
    static Api ivy;
    static Api ian;
    static Api sam;
    static long ivysClass;
    static long iansClass;

    @BeforeAll
    static void people() {
        admin = new Api(platform.server(), "admin", KvmlabServer.ADMIN_PASSWORD);
        for (String instructor : List.of("ivy", "ian")) {
            Api.Reply made = admin.postJson("/api/admin/users", "{\"username\":\"" + instructor + "\",\"password\":\""
                    + password(instructor) + "\",\"role\":\"instructor\"}");
            assertThat(made.status()).as(made.body()).isEqualTo(201);
        }
        Api.signUp(platform.server(), "sam", password("sam"));
        ivy = new Api(platform.server(), "ivy", password("ivy"));
        ian = new Api(platform.server(), "ian", password("ian"));
        sam = new Api(platform.server(), "sam", password("sam"));
        ivysClass = ivy.postJson("/api/classes", "{\"name\":\"KVM 101\"}").object().getJsonNumber("id").longValue();
        iansClass = ian.postJson("/api/classes", "{\"name\":\"KVM 102\"}").object().getJsonNumber("id").longValue();
    }

    private static String password(String user) {
        return Map.of("ivy", "meadow-compass-7142", "ian", "ember-tundra-9057", "sam", "harbor-violet-3318")
                .get(user);
    }

    /** A test-driver node of its own: a connection to it sees only its own (simulated) machine. */
    private static String nodeUri(String name, int cpus, long memoryKiB) throws IOException {
        Path node = platform.server().dataDir().resolve(name + "-node.xml");
        Files.writeString(node, "<node><cpu><nodes>1</nodes><sockets>1</sockets><cores>" + cpus + "</cores>"
                + "<threads>1</threads><active>" + cpus + "</active><mhz>2000</mhz><model>i686</model></cpu>"
                + "<memory>" + memoryKiB + "</memory></node>");
        return "test://" + node.toAbsolutePath();
    }

    @Test
    @Order(1)
    void anAdminAddsChangesAndRemovesHostsAndBadInputIsRefusedClearly() throws IOException {
        String uri = nodeUri("rack2", 4, 8L * 1024 * 1024);
        Api.Reply added = admin.postJson("/api/admin/hosts", "{\"id\":\"rack2\",\"uri\":\"" + uri + "\","
                + "\"maxMemoryMiB\":0,\"cpuOvercommit\":2,\"maxGuests\":10,\"maxBoots\":0}");
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        JsonObject rack2 = added.object();
        assertThat(rack2.getBoolean("up")).isTrue();
        assertThat(rack2.containsKey("problem")).as("only a host that does not answer has a problem").isFalse();
        assertThat(rack2.getInt("cpus")).isEqualTo(4);
        assertThat(rack2.getJsonNumber("memoryMiB").longValue()).isEqualTo(8192);
        assertThat(rack2.getJsonObject("caps").getInt("guests")).isEqualTo(10);
        assertThat(rack2.getJsonObject("caps").getInt("vcpus")).as("4 cores x 2").isEqualTo(8);
        assertThat(rack2.getJsonObject("caps").getJsonNumber("memoryMiB").longValue()).as("less 1 GiB for the host")
                .isEqualTo(7168);

        JsonObject listed = host("rack2").orElseThrow();
        assertThat(listed.getBoolean("up")).isTrue();
        assertThat(listed.getString("uri")).isEqualTo(uri);
        assertThat(host("local")).as("the start-up host").isPresent();

        Api.Reply shell = admin.postJson("/api/admin/hosts", "{\"id\":\"evil\",\"uri\":"
                + "\"qemu+ssh://x/system?command=/bin/sh\"}");
        assertThat(shell.status()).isEqualTo(400);
        assertThat(shell.object().getString("error")).contains("'command' is not allowed")
                .contains("parameters that run programs");
        assertThat(host("evil")).as("nothing registered").isEmpty();

        assertRefused(admin.postJson("/api/admin/hosts", "{\"id\":\"rack2\",\"uri\":\"test:///default\"}"), 409,
                "already a host 'rack2'");
        assertRefused(admin.postJson("/api/admin/hosts", "{\"id\":\"r3\",\"uri\":\"" + uri + "-x\",\"maxGuests\":"
                + "\"ten\"}"), 400, "'maxGuests' must be a whole number");
        assertRefused(admin.postJson("/api/admin/hosts", "{\"uri\":\"" + uri + "\"}"), 400, "Send a JSON object");
        assertRefused(admin.postJson("/api/admin/hosts", "{\"id\":\"Bad Id\",\"uri\":\"" + uri + "\"}"), 400,
                "must start with a letter");

        JsonObject drained = admin.send("PUT", "/api/admin/hosts/rack2", "application/json", "{\"drained\":true}")
                .object();
        assertThat(drained.getBoolean("drained")).isTrue();
        assertThat(drained.getJsonObject("settings").getInt("maxGuests")).as("left-out fields keep their value")
                .isEqualTo(10);
        assertThat(admin.send("PUT", "/api/admin/hosts/rack2", "application/json", "{\"drained\":false,"
                + "\"maxBoots\":2}").object().getJsonObject("caps").getInt("boots")).isEqualTo(2);
        assertThat(host("rack2").orElseThrow().getBoolean("drained")).isFalse();
        assertRefused(admin.send("PUT", "/api/admin/hosts/rack2", "application/json", "{\"maxBoots\":65}"), 400,
                "at most 64 boots");
        assertRefused(admin.send("PUT", "/api/admin/hosts/nope", "application/json", "{\"drained\":true}"), 404,
                "no host 'nope'");

        // the test driver reads the file a URI names: only .xml node files, never any other file
        assertRefused(admin.postJson("/api/admin/hosts", "{\"id\":\"passwd\",\"uri\":\"test:///etc/passwd\"}"),
                400, "node file ending in .xml");
        // a "node" that is not node XML: libvirt quotes the line it could not parse; none of it shows
        Path secret = platform.server().dataDir().resolve("not-a-node.xml");
        Files.writeString(secret, "token=s3cr3t-do-not-show\n");
        Api.Reply broken = admin.postJson("/api/admin/hosts", "{\"id\":\"broken\",\"uri\":\"test://"
                + secret.toAbsolutePath() + "\"}");
        assertThat(broken.status()).as(broken.body()).isEqualTo(201);
        assertThat(broken.object().getBoolean("up")).isFalse();
        assertThat(broken.object().getString("problem")).contains("not-a-node.xml").doesNotContain("s3cr3t");
        assertThat(admin.get("/api/admin/hosts").body()).contains("\"broken\"").doesNotContain("s3cr3t");
        assertThat(admin.delete("/api/admin/hosts/broken").status()).isEqualTo(204);

        String spare = nodeUri("spare", 2, 4L * 1024 * 1024);
        assertThat(admin.postJson("/api/admin/hosts", "{\"id\":\"spare\",\"uri\":\"" + spare + "\"}").status())
                .isEqualTo(201);
        assertThat(admin.delete("/api/admin/hosts/spare").status()).isEqualTo(204);
        assertThat(host("spare")).isEmpty();
        assertRefused(admin.delete("/api/admin/hosts/local"), 400, "cannot be removed");
        assertRefused(admin.delete("/api/admin/hosts/spare"), 404, "no host 'spare'");

        String trail = admin.get("/api/admin/audit?action=HOST_CHANGED").body();
        assertThat(trail).contains("added " + uri).contains("removed").contains("drained");
    }

    @Test
    @Order(2)
    void aPoolFillsHandsOutARunningGuestAtOnceAndRefills() {
        Api.Reply set = admin.send("PUT", "/api/admin/pools/" + LAB, "application/json", "{\"size\":2}");
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.object().getInt("size")).isEqualTo(2);
        assertThat(set.object().getInt("wanted")).isEqualTo(2);

        JsonArray labs = (JsonArray) admin.get("/api/labs").json();
        JsonArray pools = (JsonArray) admin.get("/api/admin/pools").json();
        assertThat(pools.stream().map(p -> p.asJsonObject().getString("lab")).toList()).as("every lab has a row")
                .containsAll(labs.stream().map(l -> l.asJsonObject().getString("id")).toList());

        awaitPool(p -> p.getInt("ready") == 2, "two ready guests");
        int warmedBefore = warmed();
        assertThat(warmedBefore).isGreaterThanOrEqualTo(2);

        Api.Reply started = sam.postJson("/api/sessions", "{\"lab\":\"" + LAB + "\"}");
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        JsonObject session = started.object();
        assertThat(session.getString("state")).as("handed out, not booted").isEqualTo("running");
        assertThat(session.getJsonArray("guests").getJsonObject(0).getString("state")).isEqualTo("running");
        assertThat(session.getString("host")).as("the host with the most memory left").isEqualTo("rack2");

        // the pool boots a guest to replace the one handed out
        awaitPool(p -> p.getInt("ready") == 2 && warmed() > warmedBefore, "the pool refilled");
        assertThat(host("rack2").orElseThrow().getInt("sessions")).as("2 pool guests and sam's session")
                .isEqualTo(3);
        assertThat(sam.delete("/api/sessions/" + session.getString("id")).status()).isEqualTo(204);

        assertRefused(admin.send("PUT", "/api/admin/pools/" + LAB, "application/json", "{\"size\":-1}"), 400,
                "'size' must be a whole number");
        assertRefused(admin.send("PUT", "/api/admin/pools/" + LAB, "application/json", "{\"size\":201}"), 400,
                "between 0 and 200");
        assertRefused(admin.send("PUT", "/api/admin/pools/" + LAB, "application/json", "{}"), 400, "{\"size\":4}");
        assertRefused(admin.send("PUT", "/api/admin/pools/no-such-lab", "application/json", "{\"size\":1}"), 404,
                "no lab 'no-such-lab'");
        assertRefused(admin.delete("/api/admin/hosts/rack2"), 400, "drain it");
    }

    @Test
    @Order(3)
    void instructorsPreWarmTheirOwnClassesOnly() {
        Instant readyAt = Instant.now().plus(Duration.ofMinutes(3)).truncatedTo(ChronoUnit.SECONDS);
        String base = "/api/classes/" + ivysClass + "/prewarm";
        Api.Reply made = ivy.postJson(base, "{\"lab\":\"" + LAB + "\",\"size\":1,\"readyAt\":\"" + readyAt + "\"}");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        long id = made.object().getJsonNumber("id").longValue();
        assertThat(made.object().getString("until")).as("2 hours by default")
                .isEqualTo(readyAt.plus(Duration.ofHours(2)).toString());
        assertThat(made.object().getJsonNumber("classId").longValue()).isEqualTo(ivysClass);

        JsonArray listed = (JsonArray) ivy.get(base).json();
        assertThat(listed).singleElement().satisfies(r -> assertThat(r.asJsonObject().getJsonNumber("id").longValue())
                .isEqualTo(id));
        // within warming's lead time, the class's guests count on top of the standing size
        JsonObject pool = awaitPool(p -> p.getInt("reserved") == 1, "the reservation counts now");
        assertThat(pool.getInt("wanted")).isEqualTo(3);
        assertThat(listed.getJsonObject(0).getJsonObject("pool").getInt("wanted")).isEqualTo(3);

        // another instructor: the class is not found, whatever they send; their own class has no such reservation
        assertThat(ian.get(base).status()).isEqualTo(404);
        assertThat(ian.postJson(base, "{\"lab\":\"" + LAB + "\",\"size\":1,\"readyAt\":\"" + readyAt + "\"}")
                .status()).isEqualTo(404);
        assertThat(ian.postJson(base, "{\"size\":\"many\"}").status()).isEqualTo(404);
        assertThat(ian.delete(base + "/" + id).status()).isEqualTo(404);
        assertThat(ian.delete("/api/classes/" + iansClass + "/prewarm/" + id).status()).isEqualTo(404);
        // a student may not ask at all
        assertThat(sam.get(base).status()).isEqualTo(403);
        assertThat(sam.postJson(base, "{\"lab\":\"" + LAB + "\",\"size\":1,\"readyAt\":\"" + readyAt + "\"}")
                .status()).isEqualTo(403);
        assertThat(sam.delete(base + "/" + id).status()).isEqualTo(403);
        assertThat(((JsonArray) ivy.get(base).json())).as("still there").hasSize(1);

        assertRefused(ivy.postJson(base, "{\"lab\":\"" + LAB + "\",\"size\":1,\"readyAt\":\"tomorrow\"}"), 400,
                "'readyAt' must be a moment in UTC like 2026-05-04T08:30:00Z");
        assertRefused(ivy.postJson(base, "{\"lab\":\"" + LAB + "\",\"size\":0,\"readyAt\":\"" + readyAt + "\"}"),
                400, "'size' must be a whole number from 1");
        assertRefused(ivy.postJson(base, "{\"lab\":\"" + LAB + "\",\"size\":1,\"readyAt\":\"" + readyAt
                + "\",\"until\":\"" + readyAt.minusSeconds(60) + "\"}"), 400, "must be after its start");
        assertRefused(ivy.postJson(base, "{\"lab\":\"nope\",\"size\":1,\"readyAt\":\"" + readyAt + "\"}"), 400,
                "There is no lab 'nope'");
        assertRefused(ivy.postJson(base, "{\"lab\":\"" + LAB + "\"}"), 400, "Send a JSON object like");

        Api.Reply byAdmin = admin.postJson(base, "{\"lab\":\"" + LAB + "\",\"size\":2,\"readyAt\":\""
                + readyAt.plus(Duration.ofDays(1)) + "\"}");
        assertThat(byAdmin.status()).as("an admin pre-warms any class").isEqualTo(201);
        assertThat(admin.delete(base + "/" + byAdmin.object().getJsonNumber("id")).status()).isEqualTo(204);

        assertThat(ivy.delete(base + "/" + id).status()).isEqualTo(204);
        assertThat(ivy.delete(base + "/" + id).status()).as("already cancelled").isEqualTo(404);
        assertThat(((JsonArray) ivy.get(base).json())).isEmpty();
        assertThat(pool().getInt("reserved")).isZero();
        assertThat(admin.get("/api/admin/audit?action=POOL_CHANGED&actor=ivy").body()).contains("pre-warm of 1")
                .contains("cancelled");
    }

    @Test
    @Order(4)
    void studentsAndInstructorsGetNothingOfTheAdminCalls() {
        for (Api who : List.of(sam, ivy)) {
            List<Api.Reply> replies = List.of(who.get("/api/admin/hosts"),
                    who.postJson("/api/admin/hosts", "{\"id\":\"mine\",\"uri\":\"test:///default\"}"),
                    who.send("PUT", "/api/admin/hosts/rack2", "application/json", "{\"drained\":true}"),
                    who.delete("/api/admin/hosts/rack2"), who.get("/api/admin/pools"),
                    who.send("PUT", "/api/admin/pools/" + LAB, "application/json", "{\"size\":50}"));
            assertThat(replies).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo(403);
                assertThat(r.body()).doesNotContain("rack2").doesNotContain("test://");
            });
        }
        assertThat(host("rack2").orElseThrow().getBoolean("drained")).isFalse();
        assertThat(pool().getInt("size")).isEqualTo(2);
    }

    @Test
    @Order(5)
    void theHostsPageShowsHostsAndPoolsSetsASizeAndRunsUnderItsPolicy() {
        try (Browser browser = new Browser()) {
            CspViolations csp = new CspViolations(browser);
            browser.signIn(platform.server(), "admin", KvmlabServer.ADMIN_PASSWORD);
            browser.open(platform.server().url("/admin/hosts.xhtml"));
            assertThat(browser.text(By.cssSelector("tr.host-rack2"))).contains("rack2").contains("up")
                    .contains("4 CPUs, 8192 MiB").contains("/ 10");
            assertThat(browser.text(By.cssSelector("tr.host-local"))).contains("local");
            browser.screenshot("admin-hosts");
            assertThat(browser.text(By.cssSelector("tr.pool-" + LAB + " .pool-ready"))).isEqualTo("2");

            By size = By.cssSelector("tr.pool-" + LAB + " input.pool-size");
            browser.type(size, "1");
            browser.click(By.cssSelector("tr.pool-" + LAB + " .set-size"));
            assertThat(browser.text(By.cssSelector(".page-messages"))).contains("keeps 1 ready guests");
            // the poll brings the shrunk pool's figures
            browser.waitUpTo(Duration.ofSeconds(30)).until(d -> d.findElement(By.cssSelector("tr.pool-" + LAB
                    + " .pool-ready")).getText().equals("1"));
            // the recycled guest is counted while it is being removed, and only until it is gone
            awaitPool(p -> p.getInt("recycling") == 0, "the recycled guest removed");
            browser.waitUpTo(Duration.ofSeconds(30)).until(d -> d.findElement(By.cssSelector("tr.pool-" + LAB
                    + " .pool-recycling")).getText().equals("0"));
            browser.screenshot("admin-hosts-pools");
            assertThat(csp.ofThisPage()).as("hosts page").isEmpty();

            browser.open(platform.server().url("/teach/class.xhtml?id=" + ivysClass));
            assertThat(browser.text(By.cssSelector("form.prewarm h2"))).isEqualTo("Pre-warm");
            assertThat(csp.ofThisPage()).as("class page with its pre-warm form").isEmpty();

            // the form takes a time in UTC; the reservation lists with its pool's fill, and is cancelled
            Instant when = Instant.now().plus(Duration.ofDays(10)).truncatedTo(ChronoUnit.HOURS);
            String typed = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                    .withZone(java.time.ZoneOffset.UTC).format(when);
            browser.type(By.id("prewarm:size"), "3");
            browser.type(By.id("prewarm:readyAt_input"), typed);
            browser.find(By.id("prewarm:readyAt_input")).sendKeys(Keys.ESCAPE);
            browser.click(By.id("prewarm:reserve"));
            assertThat(browser.text(By.cssSelector("form.prewarm .page-messages"))).contains("3 guests of ")
                    .contains("ready at " + typed + " UTC");
            JsonObject listed = ((JsonArray) ivy.get("/api/classes/" + ivysClass + "/prewarm").json()).getJsonObject(0);
            assertThat(listed.getString("readyAt")).isEqualTo(when.toString());
            assertThat(listed.getString("createdBy")).isEqualTo("admin");
            assertThat(browser.text(By.cssSelector("tr.prewarm-" + listed.getJsonNumber("id") + " .prewarm-fill")))
                    .matches("\\d+ / \\d+");
            browser.click(By.cssSelector("tr.prewarm-" + listed.getJsonNumber("id") + " .cancel-prewarm"));
            assertThat(browser.text(By.cssSelector("form.prewarm .page-messages"))).contains("cancelled");
            assertThat((JsonArray) ivy.get("/api/classes/" + ivysClass + "/prewarm").json()).isEmpty();
            browser.screenshot("class-prewarm");
            assertThat(csp.ofThisPage()).as("class page after its ajax").isEmpty();
        }
        assertThat(pool().getInt("size")).isEqualTo(1);
        PageClient student = new PageClient(platform.server());
        assertThat(student.signIn("sam", password("sam")).statusCode()).isEqualTo(302);
        assertThat(student.get("/admin/hosts.xhtml").statusCode()).isEqualTo(403);
    }

    private static Optional<JsonObject> host(String id) {
        return ((JsonArray) admin.get("/api/admin/hosts").json()).stream().map(JsonValue::asJsonObject)
                .filter(h -> h.getString("id").equals(id)).findFirst();
    }

    private static JsonObject pool() {
        return ((JsonArray) admin.get("/api/admin/pools").json()).stream().map(JsonValue::asJsonObject)
                .filter(p -> p.getString("lab").equals(LAB)).findFirst().orElseThrow();
    }

    /** How many pool guests of the lab were ever booted ready, from the audit trail. */
    private static int warmed() {
        return (int) ((JsonArray) admin.get("/api/admin/audit?action=GUEST_CREATED&limit=500").json()).stream()
                .map(JsonValue::asJsonObject).filter(e -> e.getString("detail").startsWith("warm pool of " + LAB))
                .count();
    }

    private static JsonObject awaitPool(Predicate<JsonObject> until, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonObject now = pool();
        while (!until.test(now)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 60 s for " + what + "; the pool is " + now);
            }
            sleep();
            now = pool();
        }
        return now;
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void assertRefused(Api.Reply reply, int status, String says) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.object().getString("error")).contains(says);
        assertThat(reply.body()).doesNotContain("Exception").doesNotContain("at org.");
    }
}
