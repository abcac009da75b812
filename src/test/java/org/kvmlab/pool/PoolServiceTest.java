package org.kvmlab.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmlab.audit.AuditAction;
import org.kvmlab.audit.AuditLog;
import org.kvmlab.authoring.LabLibrary;
import org.kvmlab.catalog.Lab;
import org.kvmlab.config.KvmlabConfig;
import org.kvmlab.guest.Acceleration;
import org.kvmlab.guest.GuestImage;
import org.kvmlab.guest.Hypervisor;
import org.kvmlab.guest.HypervisorException;
import org.kvmlab.guest.libvirt.LibvirtHypervisor;
import org.kvmlab.hosts.BootQueue;
import org.kvmlab.hosts.Host;
import org.kvmlab.hosts.HostSettings;
import org.kvmlab.hosts.Hosts;
import org.kvmlab.observability.KvmlabMetrics;
import org.kvmlab.platform.Platform;
import org.kvmlab.policy.LearnerPolicy;
import org.kvmlab.session.LabRuntime;
import org.kvmlab.testing.Labs;

/**
 * Warm-pool recycling on libvirt's test driver, with the pool's rows in memory: a recycled guest's row stays
 * RECYCLING (never claimable) until its guest, disk and network are gone, so nothing is left when a removal
 * fails or a host goes away in the middle.
 */
class PoolServiceTest {

    private static final String LAB = "virtio-devices";

    @TempDir
    Path work;
    private Hypervisor hypervisor;
    private final AtomicBoolean networksStick = new AtomicBoolean();
    private final MemoryPoolStore store = new MemoryPoolStore();
    private final List<String> audit = Collections.synchronizedList(new ArrayList<>());
    private Hosts hosts;
    private Host host;
    private PoolService pools;
    private Lab lab;

    @BeforeEach
    void setUp() throws IOException {
        String uri = "test://" + Files.writeString(work.resolve("node.xml"), "<node/>");
        hypervisor = LibvirtHypervisor.connect(uri);
        Path image = Files.createDirectories(work.resolve("image"));
        Path sessions = Files.createDirectories(work.resolve("sessions"));
        Hypervisor sticky = stickyNetworks(hypervisor);
        hosts = new Hosts(connecting -> sticky, new Hosts.Setup() {
            @Override
            public LabRuntime runtime(String hostId, Hypervisor h) {
                return new LabRuntime(h, () -> new GuestImage(image), () -> Acceleration.TCG,
                        LearnerPolicy.standard(), sessions, "pool0001");
            }

            @Override
            public CompletableFuture<Acceleration> acceleration(String hostId, Hypervisor h) {
                return CompletableFuture.completedFuture(Acceleration.TCG);
            }
        }, Clock.systemUTC());
        host = hosts.add(HostSettings.defaults(HostSettings.LOCAL, uri), sticky);
        host.runtime().prepareHost();
        lab = Labs.lab(LAB);
        BootQueue boots = new BootQueue(Runnable::run, id -> 4, Clock.systemUTC());
        pools = new PoolService();
        pools.store = store;
        pools.platform = new Platform() {
            @Override
            public Hosts hosts() {
                return hosts;
            }

            @Override
            public BootQueue boots() {
                return boots;
            }

            @Override
            public KvmlabConfig config() {
                return new KvmlabConfig();
            }
        };
        pools.library = new LabLibrary() {
            @Override
            public Optional<Lab> current(String labId) {
                return Optional.of(lab).filter(l -> l.id().equals(labId));
            }

            @Override
            public Optional<Lab> version(String labId, int number) {
                return current(labId).filter(l -> l.version() == number);
            }
        };
        pools.audit = new AuditLog() {
            @Override
            public void record(String actor, AuditAction action, String subject, String detail) {
                audit.add(action + " " + subject + " " + detail);
            }
        };
        pools.metrics = KvmlabMetrics.inMemory(Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        hypervisor.close();
    }

    /** A hypervisor whose network removals fail while {@link #networksStick} is set. */
    private Hypervisor stickyNetworks(Hypervisor real) {
        return (Hypervisor) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Hypervisor.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("removeNetwork") && networksStick.get()) {
                        throw new HypervisorException(HypervisorException.Reason.FAILED, "network is busy");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private String fillOne() {
        store.target(LAB, 1);
        pools.fill();
        assertThat(store.rows()).hasSize(1);
        PoolGuest guest = store.rows().get(0);
        assertThat(guest.state()).isEqualTo(PoolGuest.State.READY);
        assertThat(objects(guest.id())).as("the pool guest's guest, disk and network").hasSize(3);
        return guest.id();
    }

    /** Guests, disks and networks of a pool guest on the host. */
    private List<String> objects(String id) {
        String prefix = LabRuntime.PREFIX + id + "-";
        List<String> found = new ArrayList<>(hypervisor.listGuests(prefix));
        found.addAll(hypervisor.listVolumes(host.runtime().pool(), prefix));
        found.addAll(hypervisor.listNetworks(prefix));
        return found;
    }

    /** Row, guest, disk, network and place on the host: all gone. */
    private void assertGone(String id) {
        assertThat(store.row(id)).as("row").isEmpty();
        assertThat(objects(id)).as("guest, disk and network").isEmpty();
        assertThat(hosts.hostOf(id)).as("place on the host").isEmpty();
    }

    @Test
    void aRecycleThatCannotFinishKeepsTheRowRecyclingAndUnclaimableUntilItDoes() {
        String id = fillOne();
        networksStick.set(true);
        store.target(LAB, 0);
        pools.fill(); // the pool shrank: its guest is recycled, but the network cannot go yet

        assertThat(store.row(id)).map(PoolGuest::state).contains(PoolGuest.State.RECYCLING);
        assertThat(objects(id)).containsExactly(LabRuntime.networkName(id));
        assertThat(pools.claim(lab)).as("a guest being recycled is never handed out").isEmpty();
        assertThat(pools.status()).singleElement().satisfies(s -> {
            assertThat(s.ready()).isZero();
            assertThat(s.starting()).isZero();
            assertThat(s.recycling()).as("shown as being removed").isEqualTo(1);
        });
        assertThat(hosts.hostOf(id)).as("its place on the host is held while it is there").isPresent();
        assertThat(audit).anyMatch(e -> e.contains(id) && e.contains("recycled: the pool shrank"));

        networksStick.set(false);
        pools.fill(); // the next refill finishes the recycle
        assertGone(id);
        assertThat(pools.status()).allSatisfy(s -> assertThat(s.recycling()).isZero());
    }

    @Test
    void aLostHostsPoolGuestsAreRemovedWhenItAnswersAgain() {
        String id = fillOne();
        pools.hostLost(HostSettings.LOCAL);
        assertThat(store.row(id)).map(PoolGuest::state).contains(PoolGuest.State.RECYCLING);
        assertThat(pools.claim(lab)).isEmpty();
        assertThat(hosts.hostOf(id)).as("a lost host's places are released").isEmpty();

        assertThat(pools.reconcile(host, host.runtime().platformObjects(), false)).doesNotContain(id);
        assertGone(id);
    }

    @Test
    void aStartUpFinishesARecycleACrashCutShort() {
        String id = fillOne();
        assertThat(store.retire(id, PoolGuest.State.READY)).isTrue(); // the crash came right after this
        assertThat(pools.reconcile(host, host.runtime().platformObjects(), true)).doesNotContain(id);
        assertGone(id);
    }

    @Test
    void aReadyGuestIsHandedOutOnceAndARecycledOneNever() {
        String id = fillOne();
        assertThat(pools.claim(lab)).contains(id);
        assertThat(pools.claim(lab)).isEmpty();
        assertThat(store.retire(id, PoolGuest.State.READY)).as("a guest handed out is a learner's now").isFalse();
        assertThat(objects(id)).as("the learner's guest is untouched").hasSize(3);
    }

    /** The pool's rows in memory, with the same state rules as the database's. */
    private static final class MemoryPoolStore extends PoolStore {
        private final Map<String, PoolGuest> rows = new LinkedHashMap<>();
        private final Map<String, Integer> targets = new TreeMap<>();

        synchronized List<PoolGuest> rows() {
            return List.copyOf(rows.values());
        }

        synchronized Optional<PoolGuest> row(String id) {
            return Optional.ofNullable(rows.get(id));
        }

        @Override
        public synchronized void add(String id, String labId, int labVersion, String hostId, Instant now,
                                     Instant expiresAt) {
            rows.put(id, new PoolGuest(id, labId, labVersion, hostId, now, expiresAt));
        }

        @Override
        public synchronized boolean markReady(String id) {
            return move(id, PoolGuest.State.STARTING, PoolGuest.State.READY);
        }

        @Override
        public synchronized boolean retire(String id, PoolGuest.State from) {
            return move(id, from, PoolGuest.State.RECYCLING);
        }

        private boolean move(String id, PoolGuest.State from, PoolGuest.State to) {
            PoolGuest g = rows.get(id);
            if (g == null || g.state() != from) {
                return false;
            }
            PoolGuest moved = new PoolGuest(g.id(), g.labId(), g.labVersion(), g.hostId(), g.createdAt(),
                    g.expiresAt());
            try {
                java.lang.reflect.Field state = PoolGuest.class.getDeclaredField("state");
                state.setAccessible(true);
                state.set(moved, to); // the entity's state changes only in the database
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            rows.put(id, moved);
            return true;
        }

        @Override
        public synchronized Optional<PoolGuest> claim(String labId, int labVersion, Predicate<String> hostUsable) {
            for (PoolGuest g : rows.values()) {
                if (g.labId().equals(labId) && g.labVersion() == labVersion && g.state() == PoolGuest.State.READY
                        && hostUsable.test(g.hostId())) {
                    rows.remove(g.id());
                    return Optional.of(g);
                }
            }
            return Optional.empty();
        }

        @Override
        public synchronized boolean remove(String id) {
            return rows.remove(id) != null;
        }

        @Override
        public synchronized List<PoolGuest> guests() {
            return rows();
        }

        @Override
        public Optional<PoolGuest> guest(String id) {
            return row(id);
        }

        @Override
        public synchronized Map<String, Integer> targets() {
            return new TreeMap<>(targets);
        }

        @Override
        public synchronized void target(String labId, int size) {
            if (size == 0) {
                targets.remove(labId);
            } else {
                targets.put(labId, size);
            }
        }

        @Override
        public List<PoolReservation> reservations(Instant now) {
            return List.of();
        }
    }
}
