package org.kvmlab.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.kvmlab.catalog.Lab;
import org.kvmlab.guest.HypervisorException.Reason;
import org.kvmlab.guest.libvirt.LibvirtHypervisor;
import org.kvmlab.policy.LearnerPolicy;
import org.kvmlab.session.LabRuntime;
import org.kvmlab.testing.Labs;
import org.kvmlab.testing.TestEnvironment;

/**
 * Two real libvirt hosts on one machine: the machine's libvirtd (qemu:///system) and a second one in its own
 * network namespace ({@code scripts/second-host.sh}, started by {@code ./kvmlab test}, which sets
 * KVMLAB_SECOND_HOST_URI). A lab guest boots on each; each host sees only its own. Then the second host is lost
 * twice, as a health checker would meet it: its libvirtd hangs (frozen: TCP accepted, nothing answered), then dies
 * (killed). Calls must fail with a CONNECTION failure within a bound, never hang; after a restart a new connection
 * finds the guest QEMU kept running. The tests run in order and share the two guests: booting them is the slow part.
 */
@EnabledIfEnvironmentVariable(named = "KVMLAB_SECOND_HOST_URI", matches = ".+")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecondHostIT {

    private static final String FIRST_URI = "qemu:///system";
    private static final String SECOND_URI = System.getenv("KVMLAB_SECOND_HOST_URI");
    private static final Path SECOND_DIR = Path.of(System.getenv().getOrDefault("KVMLAB_H2_DIR",
            "/var/tmp/kvmlab-h2"));
    private static final Path SCRIPT = Path.of("scripts/second-host.sh").toAbsolutePath();
    /** What a call on a lost host may take at most: keepalive (about 8 s) plus one bounded reconnect (5 s). */
    private static final Duration LOSS_BOUND = Duration.ofSeconds(15);

    @TempDir
    static Path work;
    final ExecutorService caller = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "second-host-it-call");
        thread.setDaemon(true);
        return thread;
    });
    final String instance = "h2" + UUID.randomUUID().toString().substring(0, 6);
    final String firstSession = UUID.randomUUID().toString();
    final String secondSession = UUID.randomUUID().toString();
    final Lab lab = Labs.lab("virtio-devices");
    Hypervisor first;
    Hypervisor second;
    LabRuntime onFirst;
    LabRuntime onSecond;
    String firstGuest;
    String secondGuest;

    @BeforeAll
    void bootOneGuestOnEachHost() throws Exception {
        TestEnvironment.makeTraversable(work);
        long start = System.nanoTime();
        second = LibvirtHypervisor.connect(SECOND_URI);
        report("connect to %s: %d ms", SECOND_URI, millisSince(start));
        first = LibvirtHypervisor.connect(FIRST_URI);
        onFirst = runtime(first, Files.createDirectories(work.resolve("sessions")));
        onSecond = runtime(second, SECOND_DIR.resolve("disks").resolve(instance));
        firstGuest = LabRuntime.platformName(firstSession, "web01");
        secondGuest = LabRuntime.platformName(secondSession, "web01");
        Instant expiry = Instant.now().plus(Duration.ofMinutes(15));
        onSecond.provision(secondSession, lab, expiry);
        onFirst.provision(firstSession, lab, expiry);
        start = System.nanoTime();
        assertThat(onSecond.awaitAgent(secondSession, "web01", Duration.ofSeconds(120)))
                .as("the guest agent on the second host answers").isTrue();
        report("guest agent on the second host answered %d ms after both boots", millisSince(start));
    }

    private LabRuntime runtime(Hypervisor hypervisor, Path disks) {
        LabRuntime runtime = new LabRuntime(hypervisor, TestEnvironment::guestImage, TestEnvironment::acceleration,
                LearnerPolicy.standard(), disks, instance);
        runtime.prepareHost();
        return runtime;
    }

    @AfterAll
    void removeEverything() throws Exception {
        caller.shutdownNow();
        // the second host may have been left frozen or dead by a failed test: bring it back to clean up
        script("thaw-daemon");
        script("start");
        try (Hypervisor again = LibvirtHypervisor.connect(SECOND_URI)) {
            LabRuntime runtime = runtime(again, SECOND_DIR.resolve("disks").resolve(instance));
            runtime.teardown(secondSession);
            again.removePool(runtime.pool());
        }
        if (onFirst != null) {
            onFirst.teardown(firstSession);
            first.removePool(onFirst.pool());
        }
        for (Hypervisor hypervisor : new Hypervisor[] {first, second}) {
            if (hypervisor != null) {
                hypervisor.close();
            }
        }
    }

    @Test
    @Order(1)
    void eachHostListsItsOwnGuestNetworkAndDisksOnly() {
        assertThat(second.listGuests(LabRuntime.PREFIX)).contains(secondGuest).doesNotContain(firstGuest);
        assertThat(first.listGuests(LabRuntime.PREFIX)).contains(firstGuest).doesNotContain(secondGuest);
        assertThat(second.listNetworks(LabRuntime.PREFIX)).contains(LabRuntime.networkName(secondSession))
                .doesNotContain(LabRuntime.networkName(firstSession));
        assertThat(first.listNetworks(LabRuntime.PREFIX)).contains(LabRuntime.networkName(firstSession))
                .doesNotContain(LabRuntime.networkName(secondSession));
        assertThat(second.listVolumes(onSecond.pool(), LabRuntime.PREFIX)).isNotEmpty()
                .allMatch(volume -> volume.startsWith(secondGuest));
        assertThat(first.listVolumes(onFirst.pool(), LabRuntime.PREFIX)).isNotEmpty()
                .allMatch(volume -> volume.startsWith(firstGuest));
        assertThat(second.state(secondGuest)).isEqualTo(GuestState.RUNNING);
        assertThat(second.state(firstGuest)).isEqualTo(GuestState.MISSING);
        assertThat(first.state(secondGuest)).isEqualTo(GuestState.MISSING);
        assertThat(second.info().hostname()).as("each host reports its own name")
                .isNotEqualTo(first.info().hostname());
    }

    @Test
    @Order(2)
    void callsOverTcpAreAsCheapAsOverTheUnixSocket() {
        String unix = "qemu+unix:///system?socket=" + SECOND_DIR.resolve("run/libvirt-sock");
        try (Hypervisor local = LibvirtHypervisor.connect(unix)) {
            double tcp = microsPerCall(() -> second.state(secondGuest));
            double socket = microsPerCall(() -> local.state(secondGuest));
            double machine = microsPerCall(() -> first.state(firstGuest));
            report("state(): %.0f µs over tcp, %.0f µs over the unix socket, %.0f µs on qemu:///system",
                    tcp, socket, machine);
            // a loose bound, for a loaded 2-core machine: a call over the veth costs well under 50 ms
            assertThat(tcp).isLessThan(50_000);
        }
    }

    private static double microsPerCall(Supplier<GuestState> call) {
        for (int i = 0; i < 20; i++) {
            assertThat(call.get()).isEqualTo(GuestState.RUNNING);
        }
        int calls = 200;
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            call.get();
        }
        return (System.nanoTime() - start) / 1000.0 / calls;
    }

    @Test
    @Order(3)
    void aHungHostFailsCallsWithinTheBoundAndTheConnectionRecovers() throws Exception {
        assertThat(second.state(secondGuest)).isEqualTo(GuestState.RUNNING);
        script("freeze-daemon");
        try {
            // the worst case: keepalive closes the connection, then one reconnect waits for its bound
            Duration took = failingCall(() -> second.state(secondGuest));
            report("frozen libvirtd: state() on the live connection failed after %d ms", took.toMillis());
            // that reconnect is still waiting: a new attempt does not queue behind it, it fails at once
            took = failingCall(() -> LibvirtHypervisor.connect(SECOND_URI));
            report("frozen libvirtd: a new connect failed after %d ms", took.toMillis());
            assertThat(took).isLessThan(Duration.ofSeconds(1));
        } finally {
            script("thaw-daemon");
        }
        // the same hypervisor object reconnects by itself once the host answers again
        long start = System.nanoTime();
        assertThat(eventually(() -> second.state(secondGuest), Duration.ofSeconds(20))).isEqualTo(GuestState.RUNNING);
        report("thawed libvirtd: the same LibvirtHypervisor answered again after %d ms", millisSince(start));
    }

    @Test
    @Order(4)
    void aDeadHostFailsCallsAtOnceAndItsGuestIsBackAfterARestart() throws Exception {
        assertThat(second.state(secondGuest)).isEqualTo(GuestState.RUNNING);
        long qemu = Long.parseLong(Files.readString(SECOND_DIR.resolve("run/qemu/" + secondGuest + ".pid")).strip());
        script("kill-daemon");
        Duration took = failingCall(() -> second.state(secondGuest));
        report("killed libvirtd: state() failed after %d ms", took.toMillis());
        assertThat(ProcessHandle.of(qemu).map(ProcessHandle::isAlive)).as("QEMU outlives its libvirtd")
                .contains(true);

        long start = System.nanoTime();
        script("start");
        report("second host restarted in %d ms", millisSince(start));
        start = System.nanoTime();
        try (Hypervisor again = LibvirtHypervisor.connect(SECOND_URI)) {
            report("connect after the restart: %d ms", millisSince(start));
            assertThat(again.listGuests(LabRuntime.PREFIX)).contains(secondGuest);
            assertThat(again.state(secondGuest)).isEqualTo(GuestState.RUNNING);
            LabRuntime runtime = runtime(again, SECOND_DIR.resolve("disks").resolve(instance));
            assertThat(runtime.awaitAgent(secondSession, "web01", Duration.ofSeconds(30)))
                    .as("the guest agent of the guest that kept running answers through the new libvirtd").isTrue();
        }
    }

    @Test
    @Order(5)
    void teardownRemovesTheGuestItsDisksAndItsNetworkFromTheSecondHost() {
        Hypervisor again = LibvirtHypervisor.connect(SECOND_URI);
        try {
            LabRuntime runtime = runtime(again, SECOND_DIR.resolve("disks").resolve(instance));
            runtime.teardown(secondSession);
            assertThat(runtime.leftovers(secondSession)).isEmpty();
            assertThat(again.listGuests(LabRuntime.PREFIX)).doesNotContain(secondGuest);
            assertThat(again.listNetworks(LabRuntime.PREFIX)).doesNotContain(LabRuntime.networkName(secondSession));
            assertThat(again.listVolumes(runtime.pool(), LabRuntime.PREFIX)).isEmpty();
            assertThat(SECOND_DIR.resolve("disks").resolve(instance)).isEmptyDirectory();
            // the first host's guest is not touched by the second's teardown
            assertThat(first.state(firstGuest)).isEqualTo(GuestState.RUNNING);
        } finally {
            again.close();
        }
    }

    /** Runs a call that must fail with a CONNECTION failure, never hang; returns how long it took. */
    private Duration failingCall(Supplier<?> call) throws Exception {
        long start = System.nanoTime();
        Future<?> pending = caller.submit(call::get);
        try {
            pending.get(LOSS_BOUND.toMillis() + 45_000, TimeUnit.MILLISECONDS);
            throw new AssertionError("the call on the lost host succeeded");
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the call on the lost host still hangs after " + millisSince(start) + " ms");
        } catch (ExecutionException e) {
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(e.getCause()).isInstanceOfSatisfying(HypervisorException.class,
                    failure -> assertThat(failure.reason()).isEqualTo(Reason.CONNECTION));
            assertThat(took).isLessThan(LOSS_BOUND);
            return took;
        }
    }

    /** The first answer of a call that fails while a host comes back, within the timeout. */
    private static <T> T eventually(Supplier<T> call, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> failures = new ArrayList<>();
        while (true) {
            try {
                return call.get();
            } catch (HypervisorException e) {
                failures.add(e.getMessage());
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no answer within " + timeout + ": " + failures);
                }
                Thread.sleep(200);
            }
        }
    }

    private static void script(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(SCRIPT.toString(), command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as(command + " finished").isTrue();
        if (!command.equals("thaw-daemon")) {
            assertThat(process.exitValue()).as(command + ": " + output).isZero();
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void report(String format, Object... values) {
        System.out.println("[second host] " + String.format(format, values));
    }
}
