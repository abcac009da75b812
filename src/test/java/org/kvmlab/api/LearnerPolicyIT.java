package org.kvmlab.api;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kvmlab.testing.Api;
import org.kvmlab.testing.KvmlabServer;
import org.kvmlab.testing.RunningPlatform;

/**
 * The learner policy through the REST API, on the packaged platform in demo mode (the policy is judged before
 * libvirt, so a simulated hypervisor shows it as well as a real one): per-lab grants, the session's own network
 * and volumes, refused virsh commands, per-person caps, and every refusal and guest in the audit trail.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LearnerPolicyIT {

    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform("policy", Map.of(
            "KVMLAB_LIBVIRT_URI", "test:///default",
            "KVMLAB_USER_MAX_MEMORY_MIB", "400",
            "KVMLAB_USER_MAX_DISK_GIB", "1",
            "KVMLAB_MAX_SESSIONS_PER_USER", "3"));

    static Api ines;
    static Api olaf;
    static Api admin;
    static String session;

    @BeforeAll
    static void accounts() {
        Api.signUp(platform.server(), "ines", "violet-harbour-7731");
        Api.signUp(platform.server(), "olaf", "copper-meadow-4410");
        ines = new Api(platform.server(), "ines", "violet-harbour-7731");
        olaf = new Api(platform.server(), "olaf", "copper-meadow-4410");
        admin = new Api(platform.server(), "admin", KvmlabServer.ADMIN_PASSWORD);
        Api.Reply started = ines.startLab("virtio-devices");
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        session = started.object().getString("id");
    }

    private static String guestXml() {
        return ines.get("/api/sessions/" + session + "/guests/web01/xml").body();
    }

    private static List<JsonObject> audit(String query) {
        Api.Reply reply = admin.get("/api/admin/audit?" + query);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return ((JsonArray) reply.json()).stream().map(JsonValue::asJsonObject).toList();
    }

    @Test
    @Order(1)
    void startingAGuestIsAudited() {
        assertThat(audit("action=GUEST_CREATED&actor=ines")).anySatisfy(e -> {
            assertThat(e.getString("subject")).isEqualTo(session);
            assertThat(e.getString("detail")).contains("virtio-devices").contains("web01");
        });
    }

    @Test
    @Order(2)
    void aGrantOnlyOpensInTheLabThatHasIt() {
        String pinned = guestXml().replace("<os>", "<cputune><vcpupin vcpu='0' cpuset='0'/></cputune><os>");
        Api.Reply refused = ines.putXml("/api/sessions/" + session + "/guests/web01/xml", pinned);
        assertThat(refused.status()).isEqualTo(422);
        JsonObject error = refused.object().getJsonArray("errors").getJsonObject(0);
        assertThat(error.getString("element")).isEqualTo("domain/cputune");
        assertThat(error.getString("message")).contains("not part of this lab");
        assertThat(guestXml()).doesNotContain("cputune");
        assertThat(audit("action=INPUT_REFUSED&actor=ines")).anySatisfy(e -> {
            assertThat(e.getString("subject")).isEqualTo(session);
            assertThat(e.getString("detail")).contains("domain XML of web01").contains("domain/cputune");
        });
    }

    @Test
    @Order(3)
    void theSessionsOwnNetworkIsEditedOnlyWithinThePolicyAndOnlyByItsLearner() {
        String path = "/api/sessions/" + session + "/networks/lab/xml";
        String network = ines.get(path).body();
        assertThat(network).contains("<name>kvmlab-" + session + "-net</name>").doesNotContain("<forward");

        Api.Reply nat = ines.putXml(path, network.replace("</network>", "<forward mode='nat'/></network>"));
        assertThat(nat.status()).isEqualTo(422);
        assertThat(nat.object().getJsonArray("errors").getJsonObject(0).getString("element")).isEqualTo("network/forward");

        String mtu = network.replace("</network>", "<mtu size='1400'/></network>");
        Api.Reply running = ines.putXml(path, mtu);
        assertThat(running.status()).isEqualTo(409);
        assertThat(running.object().getString("error")).contains("Shut down web01 first");

        assertThat(ines.post("/api/sessions/" + session + "/guests/web01/actions/destroy").status()).isEqualTo(200);
        Api.Reply applied = ines.putXml(path, mtu);
        assertThat(applied.status()).as(applied.body()).isEqualTo(200);
        assertThat(applied.object().getBoolean("changed")).isTrue();
        assertThat(ines.get(path).body()).contains("<mtu size='1400'/>");

        assertThat(olaf.get(path).status()).isEqualTo(404);
        assertThat(olaf.putXml(path, network).status()).isEqualTo(404);
        assertThat(ines.get("/api/sessions/" + session + "/networks/default/xml").status()).isEqualTo(404);
        assertThat(ines.post("/api/sessions/" + session + "/guests/web01/actions/start").status()).isEqualTo(200);
    }

    @Test
    @Order(4)
    void volumesAreMadeFromAdmittedXmlWithinTheCaps() {
        String path = "/api/sessions/" + session + "/volumes";
        Api.Reply backing = ines.postXml(path, "<volume><name>evil</name><capacity unit='M'>1</capacity>"
                + "<backingStore><path>/etc/shadow</path></backingStore></volume>");
        assertThat(backing.status()).isEqualTo(422);
        assertThat(backing.object().getJsonArray("errors").getJsonObject(0).getString("element"))
                .isEqualTo("volume/backingStore");

        Api.Reply made = ines.postXml(path, "<volume><name>data.qcow2</name><capacity unit='M'>600</capacity>"
                + "<target><format type='qcow2'/></target></volume>");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        assertThat(made.object().getString("name")).isEqualTo("data.qcow2");
        JsonArray listed = (JsonArray) ines.get(path).json();
        assertThat(listed).hasSize(1);
        assertThat(listed.getJsonObject(0).getJsonNumber("capacity").longValue()).isEqualTo(600L << 20);

        Api.Reply overDisk = ines.postXml(path, "<volume><name>more</name><capacity unit='M'>600</capacity></volume>");
        assertThat(overDisk.status()).isEqualTo(409);
        assertThat(overDisk.object().getString("error")).contains("Your volumes may hold 1 GiB in all");
        JsonObject shell = ines.postJson("/api/sessions/" + session + "/shell",
                "{\"command\":\"vol-create-as lab more 600M\"}").object();
        assertThat(shell.getInt("exitCode")).isEqualTo(1);
        assertThat(shell.getString("output")).contains("Your volumes may hold 1 GiB in all");
        assertThat((JsonArray) ines.get(path).json()).hasSize(1);
        assertThat(olaf.postXml(path, "<volume><name>x</name><capacity>1048576</capacity></volume>").status())
                .isEqualTo(404);
        assertThat(audit("action=QUOTA_REFUSED&actor=ines")).isNotEmpty();
    }

    @Test
    @Order(5)
    void commandsKvmlabNeverOffersAreRefusedWithTheirReasonAndAudited() {
        JsonObject reply = ines.postJson("/api/sessions/" + session + "/shell",
                "{\"command\":\"qemu-monitor-command web01 '{\\\"execute\\\":\\\"quit\\\"}'\"}").object();
        assertThat(reply.getInt("exitCode")).isEqualTo(1);
        assertThat(reply.getString("output")).contains("kvmlab does not offer 'qemu-monitor-command'");
        assertThat(audit("action=INPUT_REFUSED&actor=ines")).anySatisfy(e ->
                assertThat(e.getString("detail")).contains("virsh 'qemu-monitor-command").contains("around libvirt"));
    }

    @Test
    @Order(6)
    void aLabOverThePersonsCapsIsRefusedBeforeAnythingIsMade() {
        Api.Reply refused = ines.startLab("cpu-sizing");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.object().getString("error")).contains("This lab needs 1 guest with up to 256 MiB")
                .contains("Your running labs hold 1 guests, 256 MiB").contains("End one of your running labs first");
        assertThat((JsonArray) ines.get("/api/sessions").json()).hasSize(1);
        assertThat(audit("action=QUOTA_REFUSED&actor=ines")).anySatisfy(e ->
                assertThat(e.getString("subject")).isEqualTo("cpu-sizing"));
    }

    @Test
    @Order(7)
    void theLabThatTeachesPinningAdmitsIt() {
        assertThat(ines.delete("/api/sessions/" + session).status()).isEqualTo(204);
        assertThat(audit("action=GUEST_REMOVED&actor=ines")).anySatisfy(e ->
                assertThat(e.getString("subject")).isEqualTo(session));
        Api.Reply started = ines.startLab("performance-isolation");
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        String id = started.object().getString("id");
        String xml = ines.get("/api/sessions/" + id + "/guests/rt01/xml").body()
                .replaceFirst("<os>", "<cputune><vcpupin vcpu='0' cpuset='0'/></cputune><os>");
        Api.Reply applied = ines.putXml("/api/sessions/" + id + "/guests/rt01/xml", xml);
        assertThat(applied.status()).as(applied.body()).isEqualTo(200);
        assertThat(ines.get("/api/sessions/" + id + "/guests/rt01/xml").body()).contains("<vcpupin vcpu='0' cpuset='0'/>");
        assertThat(ines.delete("/api/sessions/" + id).status()).isEqualTo(204);
    }
}
