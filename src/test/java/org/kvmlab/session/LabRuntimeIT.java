package org.kvmlab.session;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.kvmlab.catalog.Lab;
import org.kvmlab.catalog.LabStep;
import org.kvmlab.grading.CheckOutcome;
import org.kvmlab.grading.GradeReport;
import org.kvmlab.guest.GuestState;
import org.kvmlab.guest.Hypervisor;
import org.kvmlab.guest.XmlView;
import org.kvmlab.guest.libvirt.LibvirtHypervisor;
import org.kvmlab.policy.LearnerPolicy;
import org.kvmlab.testing.Labs;
import org.kvmlab.testing.TestEnvironment;

/** Every lab on a real QEMU guest: checks fail at the start, pass after each step's reference solution. */
class LabRuntimeIT {

    @TempDir
    Path work;
    Hypervisor hypervisor;
    LabRuntime runtime;
    String session;
    final String instance = "it" + UUID.randomUUID().toString().substring(0, 6);

    @BeforeEach
    void setUp() throws Exception {
        TestEnvironment.makeTraversable(work);
        hypervisor = LibvirtHypervisor.connect("qemu:///system");
        runtime = new LabRuntime(hypervisor, TestEnvironment::guestImage, TestEnvironment::acceleration,
                LearnerPolicy.standard(), Files.createDirectories(work.resolve("sessions")), instance);
        runtime.prepareHost();
        session = UUID.randomUUID().toString();
    }

    @AfterEach
    void tearDown() {
        runtime.teardown(session);
        hypervisor.removePool(runtime.pool());
        hypervisor.close();
    }

    @Test
    void virtioDevicesFailsAtStartAndPassesWithTheReferenceSolution() throws Exception {
        Lab lab = Labs.lab("virtio-devices");
        runtime.provision(session, lab, Instant.now().plus(Duration.ofMinutes(10)));
        assertThat(runtime.awaitAgent(session, "web01", Duration.ofSeconds(120))).isTrue();

        GradeReport before = runtime.grade(session, lab.steps());
        assertThat(before.checks()).filteredOn(c -> !c.checkId().equals("guest-running"))
                .allMatch(c -> c.status() == CheckOutcome.Status.FAILED);
        String xmlBefore = hypervisor.xml(LabRuntime.platformName(session, "web01"), XmlView.INACTIVE);
        assertThat(hypervisor.state(LabRuntime.platformName(session, "web01"))).isEqualTo(GuestState.RUNNING);

        for (LabStep step : lab.steps()) {
            runtime.applySolution(session, lab, step);
        }
        assertThat(runtime.awaitAgent(session, "web01", Duration.ofSeconds(120))).isTrue();
        GradeReport after = runtime.grade(session, lab.steps());
        assertThat(after.checks()).allSatisfy(c -> assertThat(c.status()).as(c.checkId() + ": " + c.message())
                .isEqualTo(CheckOutcome.Status.PASSED));
        assertThat(after.score()).isEqualTo(after.maxScore()).isEqualTo(lab.maxScore());
        assertThat(xmlBefore).isNotEqualTo(hypervisor.xml(LabRuntime.platformName(session, "web01"),
                XmlView.INACTIVE));

        runtime.teardown(session);
        assertThat(hypervisor.listGuests("kvmlab-" + session)).isEmpty();
        assertThat(hypervisor.listVolumes(runtime.pool(), "kvmlab-" + session)).isEmpty();
        assertThat(Files.list(work.resolve("sessions")).toList()).isEmpty();
    }
}
