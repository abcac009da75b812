package org.kvmlab.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.kvmlab.guest.Acceleration;
import org.kvmlab.guest.Hypervisor;
import org.kvmlab.guest.HypervisorException;
import org.kvmlab.guest.HypervisorInfo;
import org.kvmlab.policy.LearnerPolicy;
import org.kvmlab.session.LabRuntime;

class HostsTest {

    /** Hosts by URI: whether each answers, switched by the test. */
    final Map<String, AtomicBoolean> answering = new HashMap<>();

    Hypervisor fake(String uri, int cpus, long memoryMiB) {
        AtomicBoolean up = answering.computeIfAbsent(uri, u -> new AtomicBoolean(true));
        HypervisorInfo info = new HypervisorInfo(uri, true, "node-" + uri.hashCode(), "9.0.0", cpus, memoryMiB);
        return (Hypervisor) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Hypervisor.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "info" -> info;
                    case "ping" -> {
                        if (!up.get()) {
                            throw new HypervisorException(HypervisorException.Reason.CONNECTION, "end of file");
                        }
                        yield null;
                    }
                    case "close", "ensurePool" -> null;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    Hosts hosts() {
        return new Hosts(uri -> {
            if (!answering.computeIfAbsent(uri, u -> new AtomicBoolean(true)).get()) {
                throw new HypervisorException(HypervisorException.Reason.CONNECTION, "Cannot connect to " + uri);
            }
            return fake(uri, 2, 8192);
        }, new Hosts.Setup() {
            @Override
            public LabRuntime runtime(String hostId, Hypervisor hypervisor) {
                return new LabRuntime(hypervisor, () -> null, () -> Acceleration.TCG, LearnerPolicy.standard(),
                        Path.of("/tmp/kvmlab-hosts-test", hostId), "t");
            }

            @Override
            public CompletableFuture<Acceleration> acceleration(String hostId, Hypervisor hypervisor) {
                return CompletableFuture.completedFuture(Acceleration.TCG);
            }
        }, Clock.systemUTC());
    }

    @Test
    void placementReservesAtOnceSoTheLastRoomIsTakenOnlyOnce() {
        Hosts hosts = hosts();
        hosts.add(new HostSettings("local", "test:///a.xml", 1024, 0, 0, 0, false), fake("test:///a.xml", 2, 8192));
        Demand lab = new Demand(1, 512, 1, false);

        assertThat(hosts.place("s1", lab).host()).contains("local");
        assertThat(hosts.place("s2", lab).host()).contains("local");
        Placement.Choice third = hosts.place("s3", lab);
        assertThat(third.host()).isEmpty();
        assertThat(third.whyNot()).contains("only 0 MiB of guest memory left");
        assertThat(hosts.sessionsOn("local")).containsExactly("s1", "s2");

        hosts.release("s1");
        assertThat(hosts.place("s3", lab).host()).contains("local");
        assertThat(hosts.used().get("local")).isEqualTo(new Demand(2, 1024, 2, false));
    }

    @Test
    void sessionsSpreadOverHostsByRoomAndADrainedHostTakesNoMore() {
        Hosts hosts = hosts();
        hosts.add(HostSettings.defaults("local", "test:///a.xml"), fake("test:///a.xml", 2, 4096));
        hosts.add(HostSettings.defaults("h2", "test:///b.xml"));
        Demand lab = new Demand(1, 512, 1, false);

        List<String> placed = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            placed.add(hosts.place("s" + i, lab).host().orElseThrow());
        }
        // h2 has 8192 MiB (7168 usable) against local's 3072: it takes sessions until they are even
        assertThat(placed).containsExactly("h2", "h2", "h2", "h2", "h2", "h2");
        hosts.update(HostSettings.defaults("h2", "test:///b.xml").drained(true));
        assertThat(hosts.place("s7", lab).host()).contains("local");
        assertThat(hosts.hostOf("s3").map(Host::id)).contains("h2");
        assertThatThrownBy(() -> hosts.remove("h2")).hasMessageContaining("still holds 6 sessions");
        assertThatThrownBy(() -> hosts.remove("local")).hasMessageContaining("cannot be removed");
    }

    @Test
    void aHostThatStopsAnsweringGoesDownAfterTwoChecksAndComesBack() {
        Hosts hosts = hosts();
        hosts.add(HostSettings.defaults("local", "test:///a.xml"), fake("test:///a.xml", 2, 4096));
        Host h2 = hosts.add(HostSettings.defaults("h2", "test:///b.xml"));
        assertThat(h2.up()).isTrue();

        answering.get("test:///b.xml").set(false);
        assertThat(hosts.check()).as("one failed check is not enough").isEmpty();
        List<Hosts.Change> down = hosts.check();
        assertThat(down).singleElement().satisfies(c -> {
            assertThat(c.host().id()).isEqualTo("h2");
            assertThat(c.nowUp()).isFalse();
        });
        assertThat(h2.problem()).contains("end of file");
        assertThat(hosts.place("s1", new Demand(1, 512, 1, false)).host()).as("a down host takes nothing")
                .contains("local");
        assertThat(hosts.check()).as("down is reported once").isEmpty();

        answering.get("test:///b.xml").set(true);
        assertThat(hosts.check()).singleElement().satisfies(c -> assertThat(c.nowUp()).isTrue());
        assertThat(h2.up()).isTrue();
    }

    @Test
    void aHostThatNeverAnsweredIsKeptAndConnectedWhenItDoes() {
        Hosts hosts = hosts();
        answering.put("test:///c.xml", new AtomicBoolean(false));
        Host h3 = hosts.add(HostSettings.defaults("h3", "test:///c.xml"));

        assertThat(h3.connected()).isFalse();
        assertThat(h3.problem()).contains("Cannot connect");
        assertThatThrownBy(h3::runtime).isInstanceOf(HypervisorException.class);
        assertThat(hosts.check()).isEmpty();

        answering.get("test:///c.xml").set(true);
        assertThat(hosts.check()).singleElement().satisfies(c -> assertThat(c.nowUp()).isTrue());
        assertThat(h3.connected()).isTrue();
        assertThat(h3.caps().boots()).as("a boot per core by default").isEqualTo(2);
    }

    @Test
    void aSecondHostWithTheSameIdOrUriIsRefused() {
        Hosts hosts = hosts();
        hosts.add(HostSettings.defaults("local", "test:///a.xml"), fake("test:///a.xml", 2, 4096));
        assertThatThrownBy(() -> hosts.add(HostSettings.defaults("local", "test:///z.xml")))
                .hasMessageContaining("already a host 'local'");
        assertThatThrownBy(() -> hosts.add(HostSettings.defaults("h9", "test:///a.xml")))
                .hasMessageContaining("already has the URI");
    }
}
