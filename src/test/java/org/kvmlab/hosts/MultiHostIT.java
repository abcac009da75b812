package org.kvmlab.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kvmlab.guest.Hypervisor;
import org.kvmlab.guest.libvirt.LibvirtHypervisor;
import org.kvmlab.testing.Api;
import org.kvmlab.testing.KvmlabServer;
import org.kvmlab.testing.RunningPlatform;

/**
 * Two real libvirt hosts: this machine's libvirtd, and a second one in its own network namespace reached over
 * qemu+tcp ({@code scripts/second-host.sh}, started by {@code ./kvmlab test}). Sessions are placed by the room each
 * host has; when every host is full a learner is told when to try again; a host that dies marks its sessions lost
 * and tells their learners, while the other host's sessions carry on; when it comes back, what it still ran is
 * removed.
 */
@EnabledIfEnvironmentVariable(named = "KVMLAB_SECOND_HOST_URI", matches = ".+")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiHostIT {

    static final String SECOND = System.getenv("KVMLAB_SECOND_HOST_URI");
    static final Path SCRIPT = Path.of("scripts/second-host.sh").toAbsolutePath();

    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform("multihost", Map.of("KVMLAB_TICK_SECONDS", "1"));

    static Hypervisor second;
    static String onSecond;
    static String onLocal;
    static Api ann;
    static Api ben;

    static Api admin() {
        return new Api(platform.server(), "admin", KvmlabServer.ADMIN_PASSWORD);
    }

    static Api student(String name) {
        Api.signUp(platform.server(), name, "amber-valley-orchard-38");
        return new Api(platform.server(), name, "amber-valley-orchard-38");
    }

    static JsonObject host(String id) {
        return admin().get("/api/admin/hosts").json().asJsonArray().stream().map(v -> v.asJsonObject())
                .filter(h -> h.getString("id").equals(id)).findFirst().orElseThrow();
    }

    @Test
    @Order(1)
    void sessionsArePlacedByRoomAndAFullPlatformSaysWhenToTryAgain() {
        Api admin = admin();
        Api.Reply added = admin.postJson("/api/admin/hosts", "{\"id\":\"h2\",\"uri\":\"" + SECOND
                + "\",\"maxGuests\":1}");
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(added.object().getBoolean("up")).isTrue();
        assertThat(admin.send("PUT", "/api/admin/hosts/local", "application/json", "{\"maxGuests\":1}").status())
                .isEqualTo(200);
        second = LibvirtHypervisor.connect(SECOND);

        // both hosts have the same room; the tie goes to the first id, h2; then only local has room
        ann = student("ann");
        ben = student("ben");
        JsonObject first = ann.startLab("virtio-devices").object();
        JsonObject then = ben.startLab("virtio-devices").object();
        assertThat(first.getString("state")).isEqualTo("running");
        assertThat(then.getString("state")).isEqualTo("running");
        assertThat(first.getString("host")).isEqualTo("h2");
        assertThat(then.getString("host")).isEqualTo("local");
        onSecond = first.getString("id");
        onLocal = then.getString("id");
        assertThat(second.listGuests("kvmlab-" + onSecond)).hasSize(1);
        assertThat(platform.libvirt().listGuests("kvmlab-" + onSecond)).as("not on this machine's libvirtd").isEmpty();
        assertThat(platform.libvirt().listGuests("kvmlab-" + onLocal)).hasSize(1);
        assertThat(second.listGuests("kvmlab-" + onLocal)).isEmpty();
        assertThat(second.listNetworks("kvmlab-" + onSecond)).hasSize(1);
        // the learner on h2 works as on any host: XML, shell, Check
        assertThat(ann.get("/api/sessions/" + onSecond + "/guests/web01/xml").status()).isEqualTo(200);
        Api.Reply shell = ann.postJson("/api/sessions/" + onSecond + "/shell", "{\"command\":\"domstate web01\"}");
        assertThat(shell.object().getString("output")).contains("running");
        assertThat(ann.post("/api/sessions/" + onSecond + "/grade").status()).isEqualTo(200);

        // every host at its cap: a clear answer and when to try again, and nothing made
        Api cat = student("cat");
        Api.Reply full = cat.postJson("/api/sessions", "{\"lab\":\"virtio-devices\"}");
        assertThat(full.status()).isEqualTo(503);
        assertThat(full.object().getString("error")).contains("All lab machines are full", "try again in about");
        assertThat(cat.get("/api/sessions").body()).isEqualTo("[]");
        JsonObject h2 = host("h2");
        assertThat(h2.getJsonObject("used").getInt("guests")).isEqualTo(1);
    }

    @Test
    @Order(2)
    void aHostThatDiesLosesItsSessionsOnlyAndIsCleanedWhenItReturns() throws Exception {
        script("kill-daemon");
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String state = "running";
        while (!state.equals("lost") && System.nanoTime() < deadline) {
            Thread.sleep(500);
            state = ann.get("/api/sessions/" + onSecond).object().getString("state");
        }
        assertThat(state).isEqualTo("lost");
        assertThat(ann.get("/api/sessions/" + onSecond).object().getString("note"))
                .contains("(h2) stopped answering", "start the lab again");
        assertThat(host("h2").getBoolean("up")).isFalse();
        // the other host's learner carries on
        assertThat(ben.get("/api/sessions/" + onLocal).object().getString("state")).isEqualTo("running");
        assertThat(ben.post("/api/sessions/" + onLocal + "/grade").status()).isEqualTo(200);
        // a new Start goes where there is room: h2 is down, local is full
        assertThat(ann.postJson("/api/sessions", "{\"lab\":\"virtio-devices\"}").status()).isEqualTo(503);

        // the host comes back (its QEMU kept the lost guest running): it is seen again and cleaned
        script("start");
        deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!host("h2").getBoolean("up") && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        assertThat(host("h2").getBoolean("up")).isTrue();
        second.close();
        second = LibvirtHypervisor.connect(SECOND);
        deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        // reconcile removes the guest first, then its disk, then its network
        while ((!second.listGuests("kvmlab-" + onSecond).isEmpty()
                || !second.listNetworks("kvmlab-" + onSecond).isEmpty()) && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        assertThat(second.listGuests("kvmlab-" + onSecond)).as("the lost session's guest").isEmpty();
        assertThat(second.listNetworks("kvmlab-" + onSecond)).isEmpty();
        // and takes sessions again
        JsonObject again = ann.startLab("virtio-devices").object();
        assertThat(again.getString("state")).isEqualTo("running");
        assertThat(again.getString("host")).isEqualTo("h2");
        assertThat(ann.delete("/api/sessions/" + again.getString("id")).status()).isEqualTo(204);
        assertThat(second.listGuests("kvmlab-" + again.getString("id"))).isEmpty();
        assertThat(ben.delete("/api/sessions/" + onLocal).status()).isEqualTo(204);
    }

    @AfterAll
    static void closeSecond() {
        if (second != null) {
            second.close();
        }
    }

    static void script(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", SCRIPT.toString(), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("second-host.sh " + command + ": " + out).isZero();
    }
}
