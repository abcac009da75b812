package org.kvmlab.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kvmlab.testing.Api;
import org.kvmlab.testing.RunningPlatform;

/**
 * A lab whose time runs out while the platform runs: work in it keeps it alive (the lab asks for keep-alive),
 * then, left alone, the reaper ends it and removes guest and disk.
 */
class ExpiryIT {

    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform("expiry", Map.of("KVMLAB_SESSION_MINUTES", "1", "KVMLAB_REAPER_SECONDS", "5"));

    @Test
    void anExpiredLabIsRemoved() throws Exception {
        Api.signUp(platform.server(), "gina", "silver-compass-9");
        Api gina = new Api(platform.server(), "gina", "silver-compass-9");
        Api.Reply started = gina.startLab("virtio-devices");
        String id = started.object().getString("id");
        Instant expiresAt = Instant.parse(started.object().getString("expiresAt"));
        assertThat(Duration.between(Instant.now(), expiresAt)).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(61));
        assertThat(platform.libvirt().listGuests("kvmlab-" + id)).hasSize(1);

        // virtio-devices keeps a session alive while the learner works in it: a shell command moves the expiry
        Thread.sleep(20_000);
        Api.Reply command = gina.postJson("/api/sessions/" + id + "/shell", "{\"command\":\"domstate web01\"}");
        assertThat(command.status()).as(command.body()).isEqualTo(200);
        Instant kept = Instant.parse(gina.get("/api/sessions/" + id).object().getString("expiresAt"));
        assertThat(kept).isAfter(expiresAt.plusSeconds(15));
        assertThat(org.kvmlab.guest.GuestMetadata.from(platform.libvirt().xml("kvmlab-" + id + "-web01",
                org.kvmlab.guest.XmlView.INACTIVE)).orElseThrow().expiresAt()).isEqualTo(kept);
        expiresAt = kept;

        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        String state = "running";
        while (!state.equals("expired") && System.nanoTime() < deadline) {
            Thread.sleep(2000);
            state = gina.get("/api/sessions/" + id).object().getString("state");
        }
        assertThat(state).isEqualTo("expired");
        assertThat(Instant.now()).isAfter(expiresAt);
        assertThat(platform.libvirt().listGuests("kvmlab-" + id)).isEmpty();
        assertThat(platform.libvirt().listNetworks("kvmlab-" + id)).isEmpty();
        assertThat(platform.server().dataDir().resolve("sessions").toFile().list()).noneMatch(f -> f.startsWith("kvmlab-" + id));
        assertThat(gina.get("/api/sessions/" + id).object().getString("note")).contains("time ran out");
    }
}
