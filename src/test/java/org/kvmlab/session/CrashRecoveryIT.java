package org.kvmlab.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kvmlab.guest.DomainBlueprint;
import org.kvmlab.guest.GuestImage;
import org.kvmlab.guest.GuestMetadata;
import org.kvmlab.guest.GuestState;
import org.kvmlab.persistence.KvmlabDataSource;
import org.kvmlab.testing.Api;
import org.kvmlab.testing.RunningPlatform;
import org.kvmlab.testing.Labs;
import org.kvmlab.testing.TestEnvironment;

/**
 * kill -9 of the platform with labs running: the next start re-attaches the live session (the learner
 * carries on), removes the guests and disks of sessions that expired while it was down or that it does not
 * know at all, and finishes a warm-pool guest's recycle that the crash cut short.
 */
class CrashRecoveryIT {

    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform("crash");

    @Test
    void aKilledPlatformReattachesLiveLabsAndRemovesTheRest() throws Exception {
        Api.signUp(platform.server(), "erin", "quiet-harbor-31");
        Api.signUp(platform.server(), "fred", "north-window-58");
        Api erin = new Api(platform.server(), "erin", "quiet-harbor-31");
        Api fred = new Api(platform.server(), "fred", "north-window-58");
        String live = erin.startLab("virtio-devices").object().getString("id");
        String expiring = fred.startLab("virtio-devices").object().getString("id");
        String pool = "kvmlab-disks-" + platform.server().instance();
        String orphan = UUID.randomUUID().toString();
        String orphanGuest = defineOrphanGuest(pool, orphan);
        String strayVolume = "kvmlab-" + UUID.randomUUID() + "-web01-disk0.qcow2";
        GuestImage image = TestEnvironment.guestImage();
        platform.libvirt().createOverlay(pool, strayVolume, image.baseDisk(), image.baseCapacityBytes());
        // a warm-pool guest whose recycle the crash cut short: its guest was removed, its disk and network not yet
        String recycling = UUID.randomUUID().toString();
        platform.libvirt().createOverlay(pool, LabRuntime.platformName(recycling, "web01") + "-disk0.qcow2",
                image.baseDisk(), image.baseCapacityBytes());
        platform.libvirt().ensureIsolatedNetwork(LabRuntime.networkName(recycling), null);

        assertThat(erin.post("/api/sessions/" + live + "/grade").status()).isEqualTo(200);
        var attemptsBefore = erin.get("/api/sessions/" + live + "/attempts").json().asJsonArray();
        assertThat(attemptsBefore).hasSize(1);

        platform.server().kill();
        assertThat(platform.libvirt().state(LabRuntime.platformName(live, "web01"))).isEqualTo(GuestState.RUNNING);
        expireWhileDown(expiring);
        recyclingWhileDown(recycling);
        platform.server().start();

        // the live lab carries on where it was
        Api.Reply session = erin.get("/api/sessions/" + live);
        assertThat(session.object().getString("state")).isEqualTo("running");
        assertThat(session.object().getJsonArray("guests").getJsonObject(0).getString("state")).isEqualTo("running");
        assertThat(erin.get("/api/sessions/" + live + "/attempts").json().asJsonArray())
                .as("progress survives the crash").isEqualTo(attemptsBefore);
        assertThat(erin.post("/api/sessions/" + live + "/grade").status()).isEqualTo(200);
        assertThat(erin.get("/api/sessions/" + live + "/attempts").json().asJsonArray()).hasSize(2);
        assertThat(erin.get("/api/sessions/" + live + "/guests/web01/xml").body()).contains("<domain");

        // the session that expired while the platform was down is ended, its guest and disk are gone
        assertThat(fred.get("/api/sessions/" + expiring).object().getString("state")).isEqualTo("expired");
        assertThat(platform.libvirt().listGuests("kvmlab-" + expiring)).isEmpty();
        // the guest and the disk of sessions the platform does not know are gone
        assertThat(platform.libvirt().exists(orphanGuest)).isFalse();
        List<String> volumes = platform.libvirt().listVolumes(pool, "kvmlab-");
        assertThat(volumes).noneMatch(v -> v.startsWith("kvmlab-" + orphan) || v.equals(strayVolume)
                || v.startsWith("kvmlab-" + expiring));
        assertThat(volumes).anyMatch(v -> v.startsWith("kvmlab-" + live));
        // and so are their networks; the live lab keeps its own
        assertThat(platform.libvirt().listNetworks("kvmlab-" + orphan)).isEmpty();
        assertThat(platform.libvirt().listNetworks("kvmlab-" + expiring)).isEmpty();
        // the recycle the crash cut short is finished: a network carries no metadata, only its pool row tells
        assertThat(platform.libvirt().listNetworks("kvmlab-" + recycling)).as("network of a recycling pool guest")
                .isEmpty();
        assertThat(volumes).noneMatch(v -> v.startsWith("kvmlab-" + recycling));
        assertThat(platform.libvirt().listNetworks("kvmlab-" + live)).containsExactly(LabRuntime.networkName(live));

        assertThat(erin.delete("/api/sessions/" + live).status()).isEqualTo(204);
        assertThat(platform.libvirt().listVolumes(pool, "kvmlab-")).isEmpty();
        assertThat(platform.libvirt().listNetworks("kvmlab-" + live)).isEmpty();
    }

    /** A guest of this platform instance whose session the database does not know. */
    private static String defineOrphanGuest(String pool, String sessionId) throws Exception {
        String name = LabRuntime.platformName(sessionId, "web01");
        GuestImage image = TestEnvironment.guestImage();
        String disk = platform.libvirt().createOverlay(pool, name + "-disk0.qcow2", image.baseDisk(), image.baseCapacityBytes());
        String labXml = Labs.lab("virtio-devices").guest("web01").orElseThrow().domainXml();
        platform.libvirt().ensureIsolatedNetwork(LabRuntime.networkName(sessionId), null);
        platform.libvirt().define(DomainBlueprint.build(labXml, new DomainBlueprint.Spec(name, new GuestMetadata(
                platform.server().instance(), sessionId, "virtio-devices", "web01", Instant.now().plusSeconds(3600)),
                TestEnvironment.acceleration(), image, List.of(disk), LabRuntime.networkName(sessionId), true)));
        platform.libvirt().start(name);
        return name;
    }

    /** The row of a warm-pool guest a recycle had marked RECYCLING when the platform died. */
    private static void recyclingWhileDown(String poolGuestId) throws Exception {
        try (Connection db = DriverManager.getConnection(KvmlabDataSource.defaultUrl(platform.server().dataDir()), "sa", "");
             PreparedStatement insert = db.prepareStatement("INSERT INTO pool_guests (id, lab_id, lab_version, host_id,"
                     + " state, created_at, expires_at) VALUES (?, 'virtio-devices', 1, 'local', 'RECYCLING', ?, ?)")) {
            insert.setString(1, poolGuestId);
            insert.setTimestamp(2, Timestamp.from(Instant.now().minusSeconds(600)));
            insert.setTimestamp(3, Timestamp.from(Instant.now().plusSeconds(3600)));
            assertThat(insert.executeUpdate()).isEqualTo(1);
        }
    }

    /** Moves a session's expiry into the past in the database, as if time had passed while the platform was down. */
    private static void expireWhileDown(String sessionId) throws Exception {
        try (Connection db = DriverManager.getConnection(KvmlabDataSource.defaultUrl(platform.server().dataDir()), "sa", "");
             PreparedStatement update = db.prepareStatement("UPDATE lab_sessions SET expires_at = ? WHERE id = ?")) {
            update.setTimestamp(1, Timestamp.from(Instant.now().minusSeconds(60)));
            update.setString(2, sessionId);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }
}
