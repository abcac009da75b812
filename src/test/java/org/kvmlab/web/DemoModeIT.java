package org.kvmlab.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kvmlab.testing.Api;
import org.kvmlab.testing.RunningPlatform;

/** Demo mode (libvirt's test driver): a visible banner, and guest checks that say why they cannot grade. */
class DemoModeIT {

    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform("demo", Map.of("KVMLAB_LIBVIRT_URI", "test:///default"));

    @Test
    void pagesShowTheDemoBanner() throws Exception {
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                platform.server().url("/login.xhtml")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).contains("Demo mode — simulated hypervisor");
    }

    @Test
    void guidesAreServedAtTheAddressesChecksLinkTo() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> guide = http.send(HttpRequest.newBuilder(platform.server().url(
                "/guides/paravirtual-devices")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(guide.statusCode()).isEqualTo(200);
        assertThat(guide.body()).contains("id=\"virtio-disks\"").contains("id=\"state-the-disk-format\"");
        for (String missing : new String[] {"/guides/nope", "/guides/UPPER", "/guides/a/b"}) {
            assertThat(http.send(HttpRequest.newBuilder(platform.server().url(missing)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).as(missing).isEqualTo(404);
        }
        // an encoded path escape is refused by the web container itself
        assertThat(http.send(HttpRequest.newBuilder(platform.server().url("/guides/..%2F..%2Fetc%2Fpasswd")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isIn(400, 404);
    }

    @Test
    void guestChecksSayTheyNeedARealGuest() {
        Api.signUp(platform.server(), "hana", "orange-kite-2024");
        Api hana = new Api(platform.server(), "hana", "orange-kite-2024");
        Api.Reply started = hana.startLab("virtio-devices");
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        String id = started.object().getString("id");
        JsonObject grade = hana.post("/api/sessions/" + id + "/grade").object();
        JsonObject agentCheck = grade.getJsonArray("checks").stream().map(c -> c.asJsonObject())
                .filter(c -> c.getString("id").equals("guest-sees-virtio-disk")).findFirst().orElseThrow();
        assertThat(agentCheck.getString("status")).isEqualTo("unavailable");
        assertThat(agentCheck.getBoolean("passed")).isFalse();
        assertThat(agentCheck.getString("message")).contains("demo mode");
        JsonObject xpathCheck = grade.getJsonArray("checks").stream().map(c -> c.asJsonObject())
                .filter(c -> c.getString("id").equals("disk-bus-virtio")).findFirst().orElseThrow();
        assertThat(xpathCheck.getString("status")).isEqualTo("failed");
        assertThat(hana.delete("/api/sessions/" + id).status()).isEqualTo(204);
    }

    /** By default a person runs one lab at a time: a second Start is refused with what to do; the first runs on. */
    @Test
    void aLearnerRunsOneLabAtATimeByDefault() {
        Api.signUp(platform.server(), "ivo", "amber-lantern-7731");
        Api ivo = new Api(platform.server(), "ivo", "amber-lantern-7731");
        Api.Reply first = ivo.startLab("virtio-devices");
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        String id = first.object().getString("id");

        Api.Reply second = ivo.postJson("/api/sessions", "{\"lab\":\"memory\"}");
        assertThat(second.status()).as(second.body()).isEqualTo(409);
        assertThat(second.object().getString("error")).contains("already have a lab running (virtio-devices)")
                .contains("one lab at a time").contains("End it before starting another");
        assertThat(second.body()).doesNotContain("Exception", "org.kvmlab");
        assertThat(ivo.get("/api/sessions/" + id).object().getString("state")).isEqualTo("running");

        assertThat(ivo.delete("/api/sessions/" + id).status()).isEqualTo(204);
        Api.Reply afterwards = ivo.startLab("memory");
        assertThat(afterwards.status()).as(afterwards.body()).isEqualTo(201);
        assertThat(afterwards.object().getString("state")).isEqualTo("running");
        assertThat(ivo.delete("/api/sessions/" + afterwards.object().getString("id")).status()).isEqualTo(204);
    }
}
