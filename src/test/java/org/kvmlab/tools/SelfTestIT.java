package org.kvmlab.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kvmlab.guest.Hypervisor;
import org.kvmlab.guest.libvirt.LibvirtHypervisor;
import org.kvmlab.platform.Platform;
import org.kvmlab.testing.Labs;
import org.kvmlab.testing.TestEnvironment;

/**
 * {@code ./kvmlab selftest} on real guests catches what lint cannot: a check that already passes on the
 * untouched guest, and a reference solution that does not make its check pass. Both fixture labs are clean
 * for lint (LintCommandTest). Nothing may be left on the hypervisor afterwards.
 */
class SelfTestIT {

    static Path data;

    @BeforeAll
    static void settings() throws Exception {
        data = Path.of(System.getProperty("kvmlab.testOutput", "target")).resolve("it-selftest").toAbsolutePath();
        Files.createDirectories(data);
        TestEnvironment.makeTraversable(data);
        System.setProperty("kvmlab.data", data.toString());
        System.setProperty("kvmlab.accel", TestEnvironment.acceleration().name().toLowerCase(Locale.ROOT));
    }

    @AfterAll
    static void clearSettings() {
        System.clearProperty("kvmlab.data");
        System.clearProperty("kvmlab.accel");
    }

    @Test
    void brokenLabsAreCaughtWithClearMessages() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int exit = new SelfTestCommand(new PrintStream(buffer, true, StandardCharsets.UTF_8)).run(List.of(),
                Path.of("src/test/resources/selftest-fixtures"), Labs.guidesFolder());
        String out = buffer.toString(StandardCharsets.UTF_8);

        assertThat(exit).as(out).isEqualTo(1);
        assertThat(out).contains("passes-untouched: FAILED").contains("wrong-solution: FAILED");
        assertThat(out).containsPattern("vcpus/has-vcpus\\s+FAIL passed .*passes on the untouched guest");
        assertThat(out).containsPattern("vcpus/two-vcpus\\s+ok   failed\\s+FAIL failed .*after the reference"
                + " solution: The guest does not have two vCPUs");
        assertThat(out).contains("kvmlab selftest: 0 of 2 labs passed").doesNotContain("LEFT BEHIND");

        // the launcher exports KVMLAB_DATA, which wins over the property: ask the configuration where it went
        String instance = Platform.instanceId(new org.kvmlab.config.KvmlabConfig().dataDir().resolve("selftest"));
        try (Hypervisor libvirt = LibvirtHypervisor.connect("qemu:///system")) {
            assertThat(libvirt.listGuests("kvmlab-").stream().filter(g -> libvirt.xml(g,
                    org.kvmlab.guest.XmlView.INACTIVE).contains(instance))).isEmpty();
            assertThat(libvirt.listVolumes("kvmlab-disks-" + instance, "")).isEmpty();
        } catch (org.kvmlab.guest.HypervisorException e) {
            // the pool is gone: removed because it was empty
            assertThat(e.reason()).isEqualTo(org.kvmlab.guest.HypervisorException.Reason.NOT_FOUND);
        }
    }
}
