package org.kvmlab.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmlab.guest.HypervisorException.Reason;

/**
 * The behaviour every {@link Hypervisor} adapter must have, run against libvirt's test driver and against a
 * real libvirtd with real QEMU guests.
 */
abstract class HypervisorContract {

    static final String MINIMAL = """
            <domain type='qemu'>
              <name>x</name>
              <memory unit='MiB'>128</memory>
              <vcpu>1</vcpu>
              <os><type arch='x86_64' machine='pc'>hvm</type></os>
              <devices>
                <disk type='file' device='disk'><driver name='qemu' type='qcow2'/><target dev='vda' bus='virtio'/></disk>
                <serial type='pty'/>
              </devices>
            </domain>
            """;

    @TempDir
    Path work;
    Hypervisor hypervisor;
    String prefix;
    String pool;

    abstract Hypervisor open(Path work) throws Exception;

    abstract GuestImage image(Path work) throws Exception;

    abstract Acceleration acceleration();

    @BeforeEach
    void connect() throws Exception {
        hypervisor = open(work);
        prefix = "kvmlab-contract-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        pool = prefix + "pool";
    }

    @AfterEach
    void cleanUp() {
        for (String name : hypervisor.listGuests(prefix)) {
            hypervisor.destroy(name);
            hypervisor.undefine(name);
        }
        try {
            for (String volume : hypervisor.listVolumes(pool, prefix)) {
                hypervisor.deleteVolume(pool, volume);
            }
        } catch (HypervisorException e) {
            // the test made no pool
        }
        hypervisor.removePool(pool);
        hypervisor.removeNetwork(prefix + "net");
        hypervisor.close();
    }

    /** Defines a guest with a fresh overlay disk, as the platform would. */
    String defineGuest(String shortName) throws Exception {
        String name = prefix + shortName;
        Path disks = Files.createDirectories(work.resolve("disks"));
        hypervisor.ensurePool(pool, disks);
        GuestImage img = image(work);
        String disk = hypervisor.createOverlay(pool, name + "-disk0.qcow2", img.baseDisk(), img.baseCapacityBytes());
        String xml = DomainBlueprint.build(MINIMAL, new DomainBlueprint.Spec(name,
                new GuestMetadata("contract", "00000000-0000-0000-0000-000000000001", "contract", shortName,
                        Instant.parse("2030-01-01T00:00:00Z")), acceleration(), img, List.of(disk), "unused", true));
        hypervisor.define(xml);
        return name;
    }

    @Test
    void definedGuestIsShutOffAndKeepsOurMetadata() throws Exception {
        String name = defineGuest("a");
        assertThat(hypervisor.exists(name)).isTrue();
        assertThat(hypervisor.state(name)).isEqualTo(GuestState.SHUTOFF);
        GuestMetadata metadata = GuestMetadata.from(hypervisor.xml(name, XmlView.INACTIVE)).orElseThrow();
        assertThat(metadata.sessionId()).isEqualTo("00000000-0000-0000-0000-000000000001");
        assertThat(metadata.learnerName()).isEqualTo("a");
        assertThat(metadata.expiresAt()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
    }

    @Test
    void startRunsAndDestroyIsIdempotent() throws Exception {
        String name = defineGuest("b");
        hypervisor.start(name);
        assertThat(hypervisor.state(name)).isEqualTo(GuestState.RUNNING);
        assertThatThrownBy(() -> hypervisor.start(name)).isInstanceOf(HypervisorException.class)
                .extracting(e -> ((HypervisorException) e).reason()).isEqualTo(Reason.INVALID_STATE);
        hypervisor.destroy(name);
        assertThat(hypervisor.state(name)).isEqualTo(GuestState.SHUTOFF);
        hypervisor.destroy(name);
        hypervisor.destroy(prefix + "never-existed");
    }

    @Test
    void undefineRemovesAndIsIdempotent() throws Exception {
        String name = defineGuest("c");
        hypervisor.undefine(name);
        assertThat(hypervisor.exists(name)).isFalse();
        assertThat(hypervisor.state(name)).isEqualTo(GuestState.MISSING);
        hypervisor.undefine(name);
    }

    @Test
    void missingGuestIsNotFound() {
        assertThatThrownBy(() -> hypervisor.xml(prefix + "nope", XmlView.INACTIVE))
                .isInstanceOf(HypervisorException.class)
                .extracting(e -> ((HypervisorException) e).reason()).isEqualTo(Reason.NOT_FOUND);
    }

    @Test
    void listGuestsFindsOnlyThePrefix() throws Exception {
        String one = defineGuest("d1");
        String two = defineGuest("d2");
        hypervisor.start(two);
        assertThat(hypervisor.listGuests(prefix)).containsExactlyInAnyOrder(one, two);
        assertThat(hypervisor.listGuests(prefix + "d1")).containsExactly(one);
    }

    @Test
    void invalidXmlIsInvalidConfig() {
        assertThatThrownBy(() -> hypervisor.define("<domain type='qemu'><name>" + prefix + "bad</name></domain>"))
                .isInstanceOf(HypervisorException.class)
                .extracting(e -> ((HypervisorException) e).reason()).isEqualTo(Reason.INVALID_CONFIG);
    }

    @Test
    void defineValidatesAgainstTheSchemaInsteadOfDroppingUnknownElements() {
        String name = prefix + "unknown";
        String xml = MINIMAL.replace("<name>x</name>", "<name>" + name + "</name>")
                .replace("<serial type='pty'/>", "<serial type='pty'/><kvmlab-unknown-device/>");
        assertThatThrownBy(() -> hypervisor.define(xml)).isInstanceOf(HypervisorException.class)
                .extracting(e -> ((HypervisorException) e).reason()).isEqualTo(Reason.INVALID_CONFIG);
        assertThat(hypervisor.exists(name)).as("nothing was defined").isFalse();
    }

    @Test
    void networksAreDefinedValidatedListedRestartedAndRemoved() throws Exception {
        String net = prefix + "net";
        hypervisor.ensureIsolatedNetwork(net, null);
        assertThat(hypervisor.listNetworks(prefix)).containsExactly(net);
        String defined = hypervisor.networkXml(net, XmlView.INACTIVE);
        if (!hypervisor.info().simulated()) {
            // the test driver makes no bridges; a real libvirtd picks a free virbrN
            assertThat(org.kvmlab.xml.Xml.first(org.kvmlab.xml.Xml.parse(defined), "/network/bridge")
                    .getAttribute("name")).as("libvirt picked a bridge").matches("virbr\\d+");
        }
        assertThat(defined).doesNotContain("<forward").doesNotContain("<ip");

        hypervisor.stopNetwork(net);
        hypervisor.stopNetwork(net);
        hypervisor.defineNetwork(defined.replace("</network>", "<mtu size='1400'/></network>"));
        hypervisor.startNetwork(net);
        hypervisor.startNetwork(net);
        assertThat(hypervisor.networkXml(net)).contains("<mtu size='1400'/>");

        assertThatThrownBy(() -> hypervisor.defineNetwork(defined.replace("</network>",
                "<kvmlab-unknown/></network>"))).isInstanceOf(HypervisorException.class)
                .extracting(e -> ((HypervisorException) e).reason()).isEqualTo(Reason.INVALID_CONFIG);

        hypervisor.removeNetwork(net);
        assertThat(hypervisor.listNetworks(prefix)).isEmpty();
        assertThatThrownBy(() -> hypervisor.networkXml(net)).isInstanceOf(HypervisorException.class)
                .extracting(e -> ((HypervisorException) e).reason()).isEqualTo(Reason.NOT_FOUND);
    }

    @Test
    void overlayVolumesAreListedAndDeletedIdempotently() throws Exception {
        Path disks = Files.createDirectories(work.resolve("disks"));
        hypervisor.ensurePool(pool, disks);
        hypervisor.ensurePool(pool, disks);
        GuestImage img = image(work);
        String path = hypervisor.createOverlay(pool, prefix + "v.qcow2", img.baseDisk(), img.baseCapacityBytes());
        assertThat(path).endsWith(prefix + "v.qcow2");
        assertThat(hypervisor.listVolumes(pool, prefix)).containsExactly(prefix + "v.qcow2");
        hypervisor.deleteVolume(pool, prefix + "v.qcow2");
        hypervisor.deleteVolume(pool, prefix + "v.qcow2");
        assertThat(hypervisor.listVolumes(pool, prefix)).isEmpty();
    }

    @Test
    void isolatedNetworkCanBeEnsuredTwiceAndRemovedTwice() {
        String bridge = "kvmlabc" + prefix.substring(16, 22);
        hypervisor.ensureIsolatedNetwork(prefix + "net", bridge);
        hypervisor.ensureIsolatedNetwork(prefix + "net", bridge);
        hypervisor.removeNetwork(prefix + "net");
        hypervisor.removeNetwork(prefix + "net");
    }

    @Test
    void poolCanBeRemovedTwice() throws Exception {
        hypervisor.ensurePool(pool, Files.createDirectories(work.resolve("p")));
        hypervisor.removePool(pool);
        hypervisor.removePool(pool);
    }

    @Test
    void guestAgentAnswersOnlyOnARealRunningGuest() throws Exception {
        String name = defineGuest("agent");
        hypervisor.start(name);
        GuestAgent agent = new GuestAgent(hypervisor);
        if (hypervisor.info().simulated()) {
            assertThat(agent.ping(name)).isFalse();
            assertThatThrownBy(() -> hypervisor.agentCommand(name, "{\"execute\":\"guest-ping\"}",
                    Duration.ofSeconds(1))).isInstanceOf(HypervisorException.class);
            return;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!agent.ping(name) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(agent.ping(name)).as("guest agent answers guest-ping").isTrue();
        GuestAgent.ExecResult result = agent.exec(name, List.of("/bin/sh", "-c", "echo hello; exit 3"),
                Duration.ofSeconds(10));
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("hello\n");
    }
}
