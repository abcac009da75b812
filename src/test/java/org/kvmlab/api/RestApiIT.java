package org.kvmlab.api;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kvmlab.catalog.Lab;
import org.kvmlab.catalog.LabStep;
import org.kvmlab.testing.Api;
import org.kvmlab.testing.RunningPlatform;
import org.kvmlab.testing.Labs;
import org.kvmlab.testing.Solutions;

/**
 * The REST API as documented in the README, on the packaged platform with real guests: the whole
 * virtio-devices loop, the refusals, and that one learner cannot see another's session.
 */
class RestApiIT {

    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform("rest");

    static Api alice;
    static Api bob;

    @BeforeAll
    static void signUp() {
        Api.signUp(platform.server(), "alice", "sunny-meadow-42");
        Api.signUp(platform.server(), "bob", "river-stone-77");
        alice = new Api(platform.server(), "alice", "sunny-meadow-42");
        bob = new Api(platform.server(), "bob", "river-stone-77");
    }

    @Test
    void withoutCredentialsTheApiAnswers401WithAJsonReason() {
        Api nobody = new Api(platform.server(), "alice", "wrong-password");
        Api.Reply reply = nobody.get("/api/labs");
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.object().getString("error")).contains("wrong");
    }

    @Test
    void labsAreListedWithTheirSteps() {
        Api.Reply reply = alice.get("/api/labs");
        assertThat(reply.status()).isEqualTo(200);
        JsonObject lab = reply.json().asJsonArray().stream().map(JsonValue::asJsonObject)
                .filter(l -> l.getString("id").equals("virtio-devices")).findFirst().orElseThrow();
        assertThat(lab.getString("title")).isEqualTo("Paravirtual devices");
        assertThat(lab.getString("summary")).isNotBlank();
        assertThat(lab.getJsonArray("steps").stream().map(s -> s.asJsonObject().getString("id")))
                .containsExactly("disk", "nic", "legacy");
    }

    @Test
    void unknownLabIs404AndBadBodyIs400() {
        assertThat(alice.startLab("no-such-lab").status()).isEqualTo(404);
        assertThat(alice.postJson("/api/sessions", "{not json").status()).isEqualTo(400);
        assertThat(alice.postJson("/api/sessions", "{}").status()).isEqualTo(400);
    }

    @Test
    void theWholeVirtioLoopThroughTheApi() throws Exception {
        Lab lab = Labs.lab("virtio-devices");
        Api.Reply created = alice.startLab("virtio-devices");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonObject session = created.object();
        String id = session.getString("id");
        String base = "/api/sessions/" + id;
        assertThat(session.getString("lab")).isEqualTo("virtio-devices");
        assertThat(session.getString("state")).isEqualTo("running");
        assertThat(session.getString("expiresAt")).isNotBlank();
        assertThat(session.getJsonArray("guests").getJsonObject(0).getString("name")).isEqualTo("web01");

        // another learner cannot see it, nor act on it
        assertThat(bob.get(base).status()).isEqualTo(404);
        assertThat(bob.get(base + "/guests/web01/xml").status()).isEqualTo(404);
        assertThat(bob.post(base + "/grade").status()).isEqualTo(404);
        assertThat(bob.delete(base).status()).isEqualTo(404);
        assertThat(alice.get(base).status()).isEqualTo(200);

        // before any change: every check fails, including those answered by the guest agent
        JsonObject before = gradeWhenAgentAnswers(base);
        for (JsonValue check : before.getJsonArray("checks")) {
            JsonObject c = check.asJsonObject();
            if (!c.getString("id").equals("guest-running")) {
                assertThat(c.getBoolean("passed")).as(c.getString("id")).isFalse();
                assertThat(c.getString("message")).isNotBlank();
                assertThat(c.getString("guide")).startsWith("/guides/paravirtual-devices#");
            }
        }
        assertThat(before.getInt("maxScore")).isEqualTo(lab.maxScore());

        // the XML round trip, and what is refused
        String xml = alice.get(base + "/guests/web01/xml").body();
        assertThat(xml).contains("<target dev='hda' bus='ide'/>").doesNotContain("kvmlab-" + "x");
        Api.Reply malformed = alice.putXml(base + "/guests/web01/xml", "<domain>\n  <name>x</name>\n<oops>\n</domain>");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.object().getInt("line")).isEqualTo(4);
        Api.Reply refused = alice.putXml(base + "/guests/web01/xml", xml.replace("<devices>",
                "<devices><hostdev mode='subsystem' type='pci'/>").replace("</name>", "-renamed</name>"));
        assertThat(refused.status()).isEqualTo(422);
        JsonArray errors = refused.object().getJsonArray("errors");
        assertThat(errors.stream().map(e -> e.asJsonObject().getString("element")))
                .contains("domain/devices/hostdev", "name");
        assertThat(alice.get(base + "/guests/web01/xml").body()).isEqualTo(xml);

        // the reference solution, applied through the editor's API, then a power cycle
        for (LabStep step : lab.steps()) {
            String current = alice.get(base + "/guests/web01/xml").body();
            Api.Reply applied = alice.putXml(base + "/guests/web01/xml", Solutions.edit(current, step));
            assertThat(applied.status()).as(applied.body()).isEqualTo(200);
            assertThat(applied.object().getBoolean("changed")).isTrue();
            assertThat(applied.object().getBoolean("restartNeeded")).isTrue();
        }
        Api.Reply restarted = alice.post(base + "/guests/web01/actions/restart");
        assertThat(restarted.status()).as(restarted.body()).isEqualTo(200);
        assertThat(alice.post(base + "/guests/web01/actions/fly").status()).isEqualTo(404);

        JsonObject after = gradeWhenAgentAnswers(base);
        assertThat(after.getInt("score")).as(after.toString()).isEqualTo(after.getInt("maxScore"));
        JsonObject oneStep = alice.postJson(base + "/grade", "{\"step\":\"nic\"}").object();
        assertThat(oneStep.getJsonArray("checks")).allSatisfy(c ->
                assertThat(c.asJsonObject().getString("step")).isEqualTo("nic"));

        // ending removes the guest and its disk
        assertThat(alice.delete(base).status()).isEqualTo(204);
        assertThat(platform.libvirt().listGuests("kvmlab-" + id)).isEmpty();
        assertThat(platform.server().dataDir().resolve("sessions").toFile().list())
                .noneMatch(f -> f.startsWith("kvmlab-" + id));
        assertThat(alice.get(base).object().getString("state")).isEqualTo("ended");
        assertThat(alice.post(base + "/grade").status()).isEqualTo(409);
    }

    @Test
    void theShellActsOnTheLearnersOwnGuestAndAChecksSeesIt() throws Exception {
        Api.signUp(platform.server(), "carol", "quiet-lantern-58");
        Api carol = new Api(platform.server(), "carol", "quiet-lantern-58");
        String id = carol.startLab("virtio-devices").object().getString("id");
        String base = "/api/sessions/" + id;

        JsonObject state = shell(carol, base, "domstate web01");
        assertThat(state.getString("output")).isEqualTo("running");
        assertThat(state.getInt("exitCode")).isZero();
        JsonObject destroyed = shell(carol, base, "destroy web01");
        assertThat(destroyed.getString("output")).isEqualTo("Domain 'web01' destroyed");
        JsonObject check = running(carol, base);
        assertThat(check.getBoolean("passed")).isFalse();
        assertThat(check.getString("message")).contains("it is shut off");
        assertThat(shell(carol, base, "start web01").getString("output")).isEqualTo("Domain 'web01' started");
        assertThat(running(carol, base).getBoolean("passed")).isTrue();

        // the platform's own names, and other learners' sessions, do not exist from the shell
        JsonObject platformName = shell(carol, base, "dominfo kvmlab-" + id + "-web01");
        assertThat(platformName.getInt("exitCode")).isEqualTo(1);
        assertThat(platformName.getString("output")).startsWith("error: failed to get domain");
        assertThat(bob.postJson(base + "/shell", "{\"command\":\"list --all\"}").status()).isEqualTo(404);
        assertThat(carol.postJson(base + "/shell", "{\"cmd\":\"list\"}").status()).isEqualTo(400);
        JsonObject unknown = shell(carol, base, "rm -rf /");
        assertThat(unknown.getString("output")).isEqualTo("error: unknown command: 'rm'");

        // commands that need a real guest: sizes, vCPUs, the balloon, pausing, the guest agent
        assertThat(shell(carol, base, "domblkinfo web01 hda").getString("output"))
                .containsPattern("(?m)^Capacity:\\s+[1-9]\\d+$").containsPattern("(?m)^Physical:\\s+[1-9]\\d+$");
        assertThat(shell(carol, base, "vcpuinfo web01").getString("output")).containsPattern("(?m)^VCPU:\\s+0$")
                .containsPattern("(?m)^CPU time:\\s+[0-9.]+s$");
        assertThat(shell(carol, base, "setmem web01 100M").getInt("exitCode")).isZero();
        assertThat(shell(carol, base, "suspend web01").getString("output")).isEqualTo("Domain 'web01' suspended");
        assertThat(shell(carol, base, "domstate web01").getString("output")).isEqualTo("paused");
        assertThat(shell(carol, base, "resume web01").getString("output")).isEqualTo("Domain 'web01' resumed");
        String hostname = "";
        for (int i = 0; i < 90 && !hostname.contains("hostname"); i++) {
            hostname = shell(carol, base, "guestinfo web01 --hostname").getString("output");
            Thread.sleep(1000);
        }
        assertThat(hostname).containsPattern("(?m)^hostname\\s+: \\S+$");
        assertThat(shell(carol, base, "vol-create-as lab data.qcow2 16M --format qcow2").getString("output"))
                .isEqualTo("Vol data.qcow2 created");

        // snapshots written as XML: internal ones are taken, anything naming a host file is refused
        String snapshot = "<domainsnapshot><name>api-snap</name><description>from the API</description>"
                + "</domainsnapshot>";
        Api.Reply raw = carol.postXml(base + "/guests/web01/snapshots", snapshot);
        assertThat(raw.status()).as(raw.body()).isEqualTo(409);
        assertThat(raw.body()).contains("storage type raw").contains("state the disk's format");
        String stored = carol.get(base + "/guests/web01/xml").body();
        String qcow2 = stored.contains("<driver name='qemu' type='raw'/>")
                ? stored.replace("<driver name='qemu' type='raw'/>", "<driver name='qemu' type='qcow2'/>")
                : stored.replace("<target dev='hda' bus='ide'/>", "<driver name='qemu' type='qcow2'/><target dev='hda'"
                        + " bus='ide'/>");
        assertThat(carol.putXml(base + "/guests/web01/xml", qcow2).status()).isEqualTo(200);
        assertThat(carol.post(base + "/guests/web01/actions/restart").status()).isEqualTo(200);
        Api.Reply taken = carol.postXml(base + "/guests/web01/snapshots", snapshot);
        assertThat(taken.status()).as(taken.body()).isEqualTo(201);
        assertThat(taken.object().getString("name")).isEqualTo("api-snap");
        Api.Reply hostile = carol.postXml(base + "/guests/web01/snapshots", "<domainsnapshot>\n  <disks><disk"
                + " name='hda' snapshot='external'><source file='/etc/shadow'/></disk></disks>\n</domainsnapshot>");
        assertThat(hostile.status()).as(hostile.body()).isEqualTo(422);
        assertThat(hostile.body()).contains("disks/disk/@snapshot").contains("\"line\":2");
        assertThat(carol.get(base + "/guests/web01/snapshots").body()).contains("\"name\":\"api-snap\"")
                .doesNotContain("shadow");
        assertThat(shell(carol, base, "snapshot-list web01").getString("output")).contains("api-snap");
        assertThat(bob.get(base + "/guests/web01/snapshots").status()).isEqualTo(404);

        assertThat(carol.delete(base).status()).isEqualTo(204);
        assertThat(platform.libvirt().listGuests("kvmlab-" + id)).isEmpty();
        assertThat(platform.server().dataDir().resolve("sessions").toFile().list())
                .noneMatch(f -> f.startsWith("kvmlab-" + id));
        assertThat(carol.postJson(base + "/shell", "{\"command\":\"list\"}").status()).isEqualTo(409);
    }

    @Test
    void extendAndResetToAStep() throws Exception {
        Api.signUp(platform.server(), "dave", "tidal-window-903");
        Api dave = new Api(platform.server(), "dave", "tidal-window-903");
        JsonObject created = dave.startLab("virtio-devices").object();
        String base = "/api/sessions/" + created.getString("id");

        java.time.Instant before = java.time.Instant.parse(created.getString("expiresAt"));
        Thread.sleep(1100);
        Api.Reply extended = dave.post(base + "/extend");
        assertThat(extended.status()).as(extended.body()).isEqualTo(200);
        assertThat(java.time.Instant.parse(extended.object().getString("expiresAt"))).isAfter(before);
        assertThat(org.kvmlab.guest.GuestMetadata.from(platform.libvirt().xml("kvmlab-" + created.getString("id")
                + "-web01", org.kvmlab.guest.XmlView.INACTIVE)).orElseThrow().expiresAt())
                .isEqualTo(java.time.Instant.parse(extended.object().getString("expiresAt")));

        // skip to the "nic" step: a fresh guest with the disk step's solution applied
        Api.Reply reset = dave.postJson(base + "/reset", "{\"step\":\"nic\"}");
        assertThat(reset.status()).as(reset.body()).isEqualTo(200);
        assertThat(dave.get(base + "/guests/web01/xml").body()).contains("bus='virtio'").contains("type='qcow2'");
        JsonObject disk = dave.postJson(base + "/grade", "{\"step\":\"disk\"}").object();
        assertThat(disk.getJsonArray("checks").stream().map(JsonValue::asJsonObject)
                .filter(c -> c.getString("id").startsWith("disk-"))).allMatch(c -> c.getBoolean("passed"));
        assertThat(dave.postJson(base + "/reset", "{\"step\":\"nope\"}").status()).isEqualTo(404);

        // hints one at a time; a shown solution is recorded and costs the lab's reveal cost (1 point)
        Lab lab = Labs.lab("virtio-devices");
        int hintCount = lab.step("disk").orElseThrow().hints().size();
        for (int i = 1; i <= hintCount + 1; i++) {
            JsonArray hints = dave.post(base + "/steps/disk/hint").object().getJsonArray("hints");
            assertThat(hints).hasSize(Math.min(i, hintCount));
        }
        JsonObject solution = dave.post(base + "/steps/legacy/solution").object();
        assertThat(solution.getString("solution")).contains("remove /domain/devices/sound");
        assertThat(solution.getInt("cost")).isEqualTo(1);
        String xml = dave.get(base + "/guests/web01/xml").body();
        assertThat(dave.putXml(base + "/guests/web01/xml", Solutions.edit(xml, lab.step("legacy").orElseThrow()))
                .status()).isEqualTo(200);
        JsonObject legacy = dave.postJson(base + "/grade", "{\"step\":\"legacy\"}").object();
        assertThat(legacy.getJsonArray("checks")).allSatisfy(c -> assertThat(c.asJsonObject().getBoolean("passed"))
                .isTrue());
        assertThat(legacy.getInt("score")).isEqualTo(legacy.getInt("maxScore") - 1);

        // a plain reset: back to the lab's starting XML
        assertThat(dave.post(base + "/reset").status()).isEqualTo(200);
        assertThat(dave.get(base + "/guests/web01/xml").body()).contains("bus='ide'");
        assertThat(bob.post(base + "/extend").status()).isEqualTo(404);
        assertThat(dave.delete(base).status()).isEqualTo(204);
    }

    @Test
    void aConsoleSocketWithoutAValidTicketIsClosed() throws Exception {
        java.util.concurrent.CompletableFuture<Integer> closed = new java.util.concurrent.CompletableFuture<>();
        java.net.URI uri = java.net.URI.create(platform.server().url("/console/socket/not-a-ticket").toString()
                .replaceFirst("^http", "ws"));
        // from kvmlab's own page (a foreign or missing Origin is refused at the handshake: WebSecurityIT)
        java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Origin", platform.server().url("").toString().replaceFirst("/$", "")).buildAsync(uri,
                new java.net.http.WebSocket.Listener() {
                    @Override
                    public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket socket, int code,
                                                                           String reason) {
                        closed.complete(code);
                        return null;
                    }
                }).join();
        assertThat(closed.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1008);
    }

    private static JsonObject shell(Api api, String base, String command) {
        Api.Reply reply = api.postJson(base + "/shell", Json.createObjectBuilder().add("command", command).build()
                .toString());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.object();
    }

    private static JsonObject running(Api api, String base) {
        return api.postJson(base + "/grade", "{\"step\":\"disk\"}").object().getJsonArray("checks").stream()
                .map(JsonValue::asJsonObject).filter(c -> c.getString("id").equals("guest-running")).findFirst()
                .orElseThrow();
    }

    /** Grades until the guest agent answers (the guest may still be booting), up to two minutes. */
    private static JsonObject gradeWhenAgentAnswers(String base) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        JsonObject grade;
        do {
            Api.Reply reply = alice.post(base + "/grade");
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            grade = reply.object();
            boolean unavailable = grade.getJsonArray("checks").stream()
                    .anyMatch(c -> c.asJsonObject().getString("status").equals("unavailable"));
            if (!unavailable) {
                return grade;
            }
            Thread.sleep(1000);
        } while (System.nanoTime() < deadline);
        return grade;
    }
}
