package org.kvmlab.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmlab.catalog.Lab;
import org.kvmlab.catalog.LabCheck;
import org.kvmlab.catalog.LabStep;
import org.kvmlab.grading.CheckOutcome;
import org.kvmlab.grading.CheckOutcome.Status;
import org.kvmlab.grading.GradeReport;
import org.kvmlab.guest.Acceleration;
import org.kvmlab.guest.GuestImage;
import org.kvmlab.guest.GuestMetadata;
import org.kvmlab.guest.GuestState;
import org.kvmlab.guest.Hypervisor;
import org.kvmlab.guest.XmlView;
import org.kvmlab.policy.LearnerPolicy;
import org.kvmlab.policy.PolicyRefusal;
import org.kvmlab.testing.Labs;
import org.kvmlab.testing.TestDriverRuntime;

/** The lab runtime on libvirt's test driver (what demo mode runs on): fast, no real guest. */
class LabRuntimeTest {

    @TempDir
    Path work;
    Hypervisor hypervisor;
    LabRuntime runtime;
    Lab lab;
    final String session = UUID.randomUUID().toString();

    @BeforeEach
    void setUp() throws Exception {
        TestDriverRuntime driver = TestDriverRuntime.open(work, "unit0001");
        hypervisor = driver.hypervisor();
        runtime = driver.runtime();
        lab = Labs.lab("virtio-devices");
        runtime.provision(session, lab, Instant.parse("2030-01-01T00:00:00Z"));
    }

    @AfterEach
    void tearDown() {
        hypervisor.close();
    }

    private String name() {
        return LabRuntime.platformName(session, "web01");
    }

    @Test
    void provisioningTagsTheGuestAndItsDisk() {
        assertThat(hypervisor.state(name())).isEqualTo(GuestState.RUNNING);
        GuestMetadata metadata = GuestMetadata.from(hypervisor.xml(name(), XmlView.INACTIVE)).orElseThrow();
        assertThat(metadata).isEqualTo(new GuestMetadata("unit0001", session, "virtio-devices", "web01",
                Instant.parse("2030-01-01T00:00:00Z")));
        assertThat(hypervisor.listVolumes(runtime.pool(), "kvmlab-" + session))
                .containsExactly(name() + "-disk0.qcow2");
        assertThat(runtime.platformObjects().guests()).containsKey(name());
    }

    @Test
    void aReadyBootSaysWhereItsTimeWentPartByPart() {
        String other = UUID.randomUUID().toString();
        BootLaps laps = runtime.provisionReady(other, lab, Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(hypervisor.state(LabRuntime.platformName(other, "web01"))).isEqualTo(GuestState.RUNNING);
        assertThat(laps.toString()).matches("network \\d+ ms, disks \\d+ ms, policy \\d+ ms, define \\d+ ms,"
                + " start \\d+ ms, agents \\d+ ms");
        assertThat(laps.total()).isEqualTo(laps.of("network").plus(laps.of("disks")).plus(laps.of("policy"))
                .plus(laps.of("define")).plus(laps.of("start")).plus(laps.of("agents")));
        assertThat(laps.of("migration")).isZero();
    }

    @Test
    void withThreadsBesideTheNetworkIsMadeMeanwhileAndRunsBeforeTheGuestStarts() {
        AtomicInteger besideTasks = new AtomicInteger();
        LabRuntime overlapping = runtimeBeside(() -> new GuestImage(work.resolve("image")), task -> {
            besideTasks.incrementAndGet();
            later(task, 100);
        });
        String other = UUID.randomUUID().toString();
        BootLaps laps = overlapping.provisionReady(other, lab, Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(besideTasks).hasValue(1);
        assertThat(hypervisor.listNetworks("kvmlab-" + other)).containsExactly(LabRuntime.networkName(other));
        assertThat(hypervisor.state(LabRuntime.platformName(other, "web01"))).isEqualTo(GuestState.RUNNING);
        // the boot waited for the network after the define, for what the 100 ms head start left
        assertThat(laps.toString()).startsWith("disks ").contains(", define ", ", network ");
        assertThat(laps.of("network")).isPositive();
    }

    @Test
    void aBootThatFailsWhileItsNetworkIsBeingMadeLeavesNothing() throws InterruptedException {
        CountDownLatch networkMade = new CountDownLatch(1);
        LabRuntime failing = runtimeBeside(() -> {
            throw new IllegalStateException("the guest image is missing");
        }, task -> later(() -> {
            task.run();
            networkMade.countDown();
        }, 200));
        String other = UUID.randomUUID().toString();
        assertThatThrownBy(() -> failing.provisionReady(other, lab, Instant.parse("2030-01-01T00:00:00Z")))
                .hasMessageContaining("the guest image is missing");
        assertThat(networkMade.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(hypervisor.listNetworks("kvmlab-" + other)).isEmpty();
        assertThat(hypervisor.listGuests("kvmlab-" + other)).isEmpty();
        assertThat(hypervisor.listVolumes(runtime.pool(), "kvmlab-" + other)).isEmpty();
    }

    private LabRuntime runtimeBeside(java.util.function.Supplier<GuestImage> image, Executor beside) {
        return new LabRuntime(hypervisor, image, () -> Acceleration.TCG, LearnerPolicy.standard(),
                work.resolve("sessions"), "unit0001", beside);
    }

    /** Runs a task on a thread of its own after a delay, as a busy helper thread would. */
    private static void later(Runnable task, long millis) {
        new Thread(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            task.run();
        }).start();
    }

    @Test
    void gradingNeverChangesTheGuest() {
        String inactive = hypervisor.xml(name(), XmlView.INACTIVE);
        String live = hypervisor.xml(name(), XmlView.LIVE);
        GradeReport report = runtime.grade(session, lab.steps());
        assertThat(report.checks()).hasSize((int) lab.steps().stream().mapToLong(s -> s.checks().size()).sum());
        assertThat(hypervisor.xml(name(), XmlView.INACTIVE)).isEqualTo(inactive);
        assertThat(hypervisor.xml(name(), XmlView.LIVE)).isEqualTo(live);
        assertThat(hypervisor.state(name())).isEqualTo(GuestState.RUNNING);
    }

    @Test
    void inDemoModeXmlChecksGradeAndGuestChecksSayTheyNeedARealGuest() throws Exception {
        GradeReport before = runtime.grade(session, lab.steps());
        for (CheckOutcome outcome : before.checks()) {
            LabCheck check = check(outcome.checkId());
            if (check.probe() instanceof LabCheck.XPathProbe) {
                assertThat(outcome.status()).as(outcome.checkId()).isEqualTo(Status.FAILED);
                assertThat(outcome.message()).isEqualTo(check.failure());
            } else if (check.probe() instanceof LabCheck.AgentExecProbe) {
                assertThat(outcome.status()).isEqualTo(Status.UNAVAILABLE);
                assertThat(outcome.message()).contains("demo mode");
                assertThat(outcome.earned()).isZero();
            }
        }
        for (LabStep step : lab.steps()) {
            runtime.applySolution(session, lab, step);
        }
        GradeReport after = runtime.grade(session, lab.steps());
        assertThat(after.checks()).filteredOn(c -> check(c.checkId()).probe() instanceof LabCheck.XPathProbe)
                .allMatch(CheckOutcome::passed);
        assertThat(after.score()).isGreaterThan(before.score());
    }

    @Test
    void eachSessionHasItsOwnIsolatedNetworkThatGoesWithIt() throws Exception {
        String other = UUID.randomUUID().toString();
        runtime.provision(other, lab, Instant.parse("2030-01-01T00:00:00Z"));
        String mine = LabRuntime.networkName(session);
        assertThat(hypervisor.listNetworks("kvmlab-")).contains(mine, LabRuntime.networkName(other));
        assertThat(hypervisor.xml(name(), XmlView.INACTIVE)).contains("<source network='" + mine + "'/>");
        assertThat(runtime.networkXml(session)).doesNotContain("<forward").doesNotContain("<ip");
        runtime.teardown(other);
        assertThat(runtime.leftovers(other)).isEmpty();
        assertThat(hypervisor.listNetworks("kvmlab-")).contains(mine);
    }

    @Test
    void theNetworkChangesOnlyWithItsGuestsOffAndOnlyAsThePolicyAllows() throws Exception {
        String before = runtime.networkXml(session);
        String mtu = before.replace("</network>", "<mtu size='1400'/></network>");
        assertThatThrownBy(() -> runtime.applyNetworkXml(session, lab, mtu)).isInstanceOf(SessionException.class)
                .hasMessageContaining("Shut down web01 first");
        runtime.power(session, "web01", PowerAction.DESTROY);
        assertThat(runtime.applyNetworkXml(session, lab, mtu).changed()).isTrue();
        assertThat(hypervisor.networkXml(LabRuntime.networkName(session))).contains("<mtu size='1400'/>");
        assertThat(runtime.applyNetworkXml(session, lab, runtime.networkXml(session)).changed()).isFalse();

        String changed = runtime.networkXml(session);
        String nat = changed.replace("</network>", "<forward mode='nat'/></network>");
        assertThatThrownBy(() -> runtime.applyNetworkXml(session, lab, nat)).isInstanceOf(PolicyRefusal.class)
                .hasMessageContaining("<forward>");
        assertThat(runtime.networkXml(session)).isEqualTo(changed);
        runtime.power(session, "web01", PowerAction.START);
        assertThat(hypervisor.state(name())).isEqualTo(GuestState.RUNNING);
    }

    @Test
    void anEditKeepsTheVncPasswordTheLearnerSet() throws Exception {
        String withPassword = runtime.inactiveXml(session, "web01").replace("</devices>",
                "<graphics type='vnc' port='-1' autoport='yes' listen='127.0.0.1' passwd='s3cret'/></devices>");
        assertThat(runtime.applyXml(session, lab, lab.guest("web01").orElseThrow(), withPassword).changed()).isTrue();
        String shown = runtime.inactiveXml(session, "web01");
        assertThat(shown).as("the editor shows it, as virsh edit does").contains("passwd='s3cret'");
        runtime.applyXml(session, lab, lab.guest("web01").orElseThrow(), shown.replace("<on_crash>destroy</on_crash>",
                "<on_crash>restart</on_crash>"));
        assertThat(hypervisor.xml(name(), XmlView.INACTIVE_SECURE)).contains("passwd='s3cret'")
                .contains("<on_crash>restart</on_crash>");
        String changedOnlyThePassword = runtime.inactiveXml(session, "web01").replace("s3cret", "n3wer");
        assertThat(runtime.applyXml(session, lab, lab.guest("web01").orElseThrow(), changedOnlyThePassword).changed())
                .as("a new password is a change").isTrue();
    }

    @Test
    void aRefusedEditLeavesTheDefinitionUnchanged() {
        String before = hypervisor.xml(name(), XmlView.INACTIVE);
        String hostile = before.replace("<devices>", "<devices><filesystem type='mount'><source dir='/'/>"
                + "<target dir='host'/></filesystem>");
        assertThatThrownBy(() -> runtime.applyXml(session, lab, lab.guest("web01").orElseThrow(), hostile))
                .isInstanceOf(PolicyRefusal.class).hasMessageContaining("<filesystem>");
        assertThat(hypervisor.xml(name(), XmlView.INACTIVE)).isEqualTo(before);
    }

    @Test
    void teardownLeavesNothingAndCanBeRepeated() {
        runtime.teardown(session);
        runtime.teardown(session);
        assertThat(hypervisor.listGuests("kvmlab-" + session)).isEmpty();
        assertThat(hypervisor.listVolumes(runtime.pool(), "kvmlab-" + session)).isEmpty();
    }

    /**
     * libvirt-java lists names by asking for the count and then for that many names: a disk made by another boot
     * in between pushes one name out of the answer. Teardown looks again until it finds nothing.
     */
    @Test
    void teardownRemovesADiskThatOneListingLeftOut() {
        AtomicInteger listings = new AtomicInteger();
        Hypervisor forgetful = (Hypervisor) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Hypervisor.class}, (proxy, method, args) -> {
                    try {
                        Object answer = method.invoke(hypervisor, args);
                        if (method.getName().equals("listVolumes") && listings.incrementAndGet() == 1) {
                            return List.of(); // the first answer left the session's disk out
                        }
                        return answer;
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        LabRuntime onForgetful = new LabRuntime(forgetful, () -> new GuestImage(work.resolve("image")),
                () -> Acceleration.TCG, LearnerPolicy.standard(), work.resolve("sessions"), "unit0001");
        assertThat(hypervisor.listVolumes(runtime.pool(), "kvmlab-" + session)).isNotEmpty();
        onForgetful.teardown(session);
        assertThat(listings.get()).isGreaterThanOrEqualTo(2);
        assertThat(hypervisor.listGuests("kvmlab-" + session)).isEmpty();
        assertThat(hypervisor.listVolumes(runtime.pool(), "kvmlab-" + session)).isEmpty();
        assertThat(hypervisor.listNetworks("kvmlab-" + session)).isEmpty();
    }

    @Test
    void sessionIdsAreFoundInPlatformNames() {
        assertThat(LabRuntime.sessionIdIn(name())).contains(session);
        assertThat(LabRuntime.sessionIdIn(name() + "-disk0.qcow2")).contains(session);
        assertThat(LabRuntime.sessionIdIn("kvmlab-probe-unit0001")).isEmpty();
        assertThat(LabRuntime.sessionIdIn("someone-else")).isEmpty();
    }

    private LabCheck check(String id) {
        return lab.steps().stream().flatMap(s -> s.checks().stream()).filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow();
    }

    @Test
    void resetGivesAFreshGuestWithTheEarlierStepsSolved() throws Exception {
        LabStep disk = lab.steps().get(0);
        runtime.applySolution(session, lab, disk);
        assertThat(runtime.grade(session, java.util.List.of(disk)).checks()).filteredOn(c -> c.checkId().startsWith("disk-"))
                .allMatch(c -> c.status() == Status.PASSED);

        runtime.reset(session, lab, Instant.parse("2030-01-01T00:00:00Z"), 0);
        assertThat(runtime.grade(session, java.util.List.of(disk)).checks()).filteredOn(c -> c.checkId().startsWith("disk-"))
                .allMatch(c -> c.status() == Status.FAILED);
        assertThat(hypervisor.listVolumes(runtime.pool(), "kvmlab-" + session)).hasSize(1);

        runtime.reset(session, lab, Instant.parse("2030-01-01T00:00:00Z"), 2);
        GradeReport solved = runtime.grade(session, lab.steps().subList(0, 2));
        assertThat(solved.checks()).filteredOn(c -> c.checkId().startsWith("disk-") || c.checkId().startsWith("nic-"))
                .isNotEmpty().allMatch(c -> c.status() == Status.PASSED);
        assertThat(runtime.grade(session, lab.steps().subList(2, 3)).checks())
                .filteredOn(c -> c.checkId().equals("no-sound")).allMatch(c -> c.status() == Status.FAILED);
    }
}
