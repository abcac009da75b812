package org.kvmlab.pool;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.logging.Logger;
import org.kvmlab.audit.AuditAction;
import org.kvmlab.audit.AuditLog;
import org.kvmlab.authoring.LabLibrary;
import org.kvmlab.catalog.Lab;
import org.kvmlab.hosts.BootQueue;
import org.kvmlab.hosts.Demand;
import org.kvmlab.hosts.Host;
import org.kvmlab.hosts.Hosts;
import org.kvmlab.hosts.Placement;
import org.kvmlab.observability.KvmlabMetrics;
import org.kvmlab.platform.Platform;
import org.kvmlab.session.BootLaps;
import org.kvmlab.session.LabRuntime;

/**
 * Warm pools: per lab, guests booted ahead of time in the lab's pristine starting state, so a learner's Start is
 * a hand-out instead of a boot. A lab keeps its standing size (set by an admin) plus what classes reserved for now
 * (pre-warming starts early enough to be full at the class's time). Refills go through the hosts' boot queues
 * behind learners, within the hosts' caps. A pool guest that waited too long, or whose lab has a newer version, is
 * recycled: removed, and replaced by a fresh one.
 */
@ApplicationScoped
public class PoolService {

    private static final Logger LOG = Logger.getLogger(PoolService.class.getName());
    /** Pre-warming starts at least this long before a class's time, more for big reservations. */
    static final Duration MIN_LEAD = Duration.ofMinutes(5);

    @Inject
    PoolStore store;

    @Inject
    Platform platform;

    @Inject
    LabLibrary library;

    @Inject
    AuditLog audit;

    @Inject
    KvmlabMetrics metrics;

    private final Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1000));
    /** Pool guests whose boot is running: only the boot itself removes them. */
    private final Set<String> booting = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Labs with a gauge registered (pool size), so each is registered once. */
    private final Set<String> gauged = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** A lab's pool as the admin and instructor pages show it; {@code recycling}: guests being removed. */
    public record PoolStatus(String lab, int standing, int reserved, int wanted, int ready, int starting,
                             int recycling) {
    }

    /**
     * Takes a ready guest of the lab's current version for a learner, atomically (inside the caller's transaction:
     * the session that replaces it is made in the same one). Only guests on hosts that answer are handed out.
     */
    public Optional<String> claim(Lab lab) {
        Hosts hosts = platform.hosts();
        return store.claim(lab.id(), lab.version(), id -> hosts.get(id).map(h -> h.up() && h.connected())
                .orElse(false)).map(PoolGuest::id);
    }

    /** Sets how many ready guests a lab keeps at all times (0: none). */
    public void setStanding(String admin, String labId, int size) {
        Lab lab = library.current(labId).orElseThrow(() -> new IllegalArgumentException("There is no lab '" + labId
                + "'."));
        if (size < 0 || size > 200) {
            throw new IllegalArgumentException("A pool holds between 0 and 200 guests.");
        }
        store.target(lab.id(), size);
        audit.record(admin, AuditAction.POOL_CHANGED, lab.id(), "standing pool size " + size);
        fill();
    }

    /** Pre-warms a lab for a class: {@code size} guests ready at {@code readyAt}, kept until {@code until}. */
    public PoolReservation reserve(String by, String labId, int size, Instant readyAt, Instant until, Long classId) {
        Lab lab = library.current(labId).orElseThrow(() -> new IllegalArgumentException("There is no lab '" + labId
                + "'."));
        if (size < 1 || size > 200) {
            throw new IllegalArgumentException("Pre-warm between 1 and 200 guests.");
        }
        Instant now = clock.instant();
        if (!until.isAfter(readyAt) || !until.isAfter(now)) {
            throw new IllegalArgumentException("The end of a pre-warming must be after its start, and in the future.");
        }
        if (readyAt.isAfter(now.plus(Duration.ofDays(60)))) {
            throw new IllegalArgumentException("Pre-warming can be planned at most 60 days ahead.");
        }
        PoolReservation r = store.reserve(lab.id(), size, readyAt, until, classId, by, now);
        audit.record(by, AuditAction.POOL_CHANGED, lab.id(), "pre-warm " + size + " guests ready at " + readyAt
                + " until " + until + (classId == null ? "" : " for class " + classId));
        fill();
        return r;
    }

    public List<PoolReservation> reservations() {
        return store.reservations(clock.instant());
    }

    public Optional<PoolReservation> reservation(long id) {
        return store.reservation(id);
    }

    public void cancelReservation(String by, long id) {
        store.reservation(id).ifPresent(r -> {
            store.cancelReservation(id);
            audit.record(by, AuditAction.POOL_CHANGED, r.labId(), "pre-warm of " + r.size() + " at " + r.readyAt()
                    + " cancelled");
        });
    }

    /** Every lab with a pool, or a reservation, or pool guests: what it wants and holds. */
    public List<PoolStatus> status() {
        return status(store.guests(), clock.instant());
    }

    private List<PoolStatus> status(List<PoolGuest> guests, Instant now) {
        Map<String, Integer> standing = store.targets();
        List<PoolReservation> reservations = store.reservations(now);
        Set<String> labs = new TreeSet<>(standing.keySet());
        reservations.forEach(r -> labs.add(r.labId()));
        guests.forEach(g -> labs.add(g.labId()));
        List<PoolStatus> out = new ArrayList<>();
        for (String lab : labs) {
            int reserved = reserved(lab, reservations, now);
            int base = standing.getOrDefault(lab, 0);
            out.add(new PoolStatus(lab, base, reserved, base + reserved, count(guests, lab, PoolGuest.State.READY),
                    count(guests, lab, PoolGuest.State.STARTING), count(guests, lab, PoolGuest.State.RECYCLING)));
        }
        return out;
    }

    private static int count(List<PoolGuest> guests, String lab, PoolGuest.State state) {
        return (int) guests.stream().filter(g -> g.labId().equals(lab) && g.state() == state).count();
    }

    /** Guests reserved for a lab that should be ready now (or are being warmed up for a class soon). */
    private int reserved(String lab, List<PoolReservation> reservations, Instant now) {
        int sum = 0;
        for (PoolReservation r : reservations) {
            if (r.labId().equals(lab) && !now.isBefore(r.readyAt().minus(lead(r))) && now.isBefore(r.until())) {
                sum += r.size();
            }
        }
        return sum;
    }

    /** How early warming starts for a reservation: enough for its boots, a few at a time, with room to spare. */
    private Duration lead(PoolReservation r) {
        int slots = platform.hosts().all().stream().filter(Host::up).mapToInt(h -> h.caps().boots()).sum();
        Duration boots = platform.boots().typicalBoot(org.kvmlab.hosts.HostSettings.LOCAL).multipliedBy(2L * r.size())
                .dividedBy(Math.max(1, slots));
        return boots.compareTo(MIN_LEAD) > 0 ? boots : MIN_LEAD;
    }

    /**
     * Brings every pool to its wanted size: recycles guests that expired or run an old lab version, removes
     * guests beyond the wanted size (ready ones, oldest first), and queues boots for what is missing while a host
     * has room.
     */
    public synchronized void fill() {
        Instant now = clock.instant();
        List<PoolGuest> guests = store.guests();
        Map<String, Integer> wanted = new LinkedHashMap<>();
        for (PoolStatus s : status(guests, now)) {
            wanted.put(s.lab(), s.wanted());
            if (gauged.add(s.lab())) {
                metrics.gauge(KvmlabMetrics.POOL_SIZE, "Ready guests in a lab's warm pool", Map.of("lab", s.lab()),
                        () -> count(store.guests(), s.lab(), PoolGuest.State.READY));
            }
        }
        Map<String, Integer> held = new HashMap<>();
        for (PoolGuest g : guests) {
            if (g.state() == PoolGuest.State.RECYCLING) {
                if (!booting.contains(g.id())) {
                    finishRecycling(g); // its teardown failed before, or the host was away
                }
                continue;
            }
            Optional<Lab> current = library.current(g.labId());
            boolean stale = current.isEmpty() || current.get().version() != g.labVersion();
            boolean expired = !g.expiresAt().isAfter(now);
            int have = held.getOrDefault(g.labId(), 0);
            boolean extra = g.state() == PoolGuest.State.READY && have >= wanted.getOrDefault(g.labId(), 0);
            if (stale || expired || extra) {
                if (g.state() == PoolGuest.State.READY) {
                    recycle(g, stale ? "its lab has a newer version" : expired ? "it waited too long" : "the pool"
                            + " shrank");
                }
                continue; // a guest still booting is judged when it is ready
            }
            held.merge(g.labId(), 1, Integer::sum);
        }
        for (Map.Entry<String, Integer> e : wanted.entrySet()) {
            Optional<Lab> lab = library.current(e.getKey());
            if (lab.isEmpty() || !lab.get().available()) {
                continue;
            }
            for (int i = held.getOrDefault(e.getKey(), 0); i < e.getValue(); i++) {
                if (!warm(lab.get(), now)) {
                    break;
                }
            }
        }
    }

    /** Places and queues one pool guest; false when no host has room. */
    private boolean warm(Lab lab, Instant now) {
        String id = UUID.randomUUID().toString();
        Placement.Choice choice = platform.hosts().place(id, Demand.of(lab));
        if (choice.host().isEmpty()) {
            LOG.fine(() -> "pool of " + lab.id() + " waits for room: " + choice.whyNot());
            return false;
        }
        String host = choice.host().get();
        Instant expires = now.plus(platform.config().poolGuestLifetime());
        store.add(id, lab.id(), lab.version(), host, now, expires);
        platform.boots().submit(id, host, null, BootQueue.Kind.POOL, () -> boot(lab, id, host, expires));
        return true;
    }

    private void boot(Lab lab, String id, String hostId, Instant expires) {
        booting.add(id);
        try {
            bootNow(lab, id, hostId, expires);
        } finally {
            booting.remove(id);
        }
    }

    private void bootNow(Lab lab, String id, String hostId, Instant expires) {
        long began = System.nanoTime();
        Host host = platform.hosts().get(hostId).orElse(null);
        Optional<PoolGuest> row = store.guest(id);
        if (host == null || !host.connected() || row.isEmpty() || row.get().state() != PoolGuest.State.STARTING) {
            store.remove(id); // nothing was made yet
            platform.hosts().release(id);
            return;
        }
        LabRuntime runtime = host.runtime();
        BootLaps laps;
        try {
            laps = runtime.provisionReady(id, lab, expires);
        } catch (RuntimeException e) {
            metrics.bootFinished(hostId, lab.id(), Duration.ofNanos(System.nanoTime() - began), false, false);
            LOG.warning(() -> "pool guest " + id + " of " + lab.id() + " could not boot on " + hostId + ": "
                    + e.getMessage());
            abandon(id); // the failed boot removed what it made, unless its host went away meanwhile
            return;
        }
        metrics.bootFinished(hostId, lab.id(), Duration.ofNanos(System.nanoTime() - began), true, false);
        if (!store.markReady(id)) {
            abandon(id); // recycled while it booted: its host was lost meanwhile
            return;
        }
        audit.record(null, AuditAction.GUEST_CREATED, id, "warm pool of " + lab.id() + " v" + lab.version() + " on "
                + hostId);
        LOG.fine(() -> "pool guest " + id + " of " + lab.id() + " is ready on " + hostId + " (" + laps + ")");
    }

    /** A pool guest whose boot failed or was overtaken goes RECYCLING and is removed (now, or when its host is back). */
    private void abandon(String id) {
        store.retire(id, PoolGuest.State.STARTING);
        store.guest(id).ifPresentOrElse(this::finishRecycling, () -> platform.hosts().release(id));
    }

    /**
     * Removes a ready pool guest, unless a learner took it first. Its row turns RECYCLING before anything is
     * removed (so no learner can take it meanwhile) and goes only once its guests, disks and network are gone.
     */
    private void recycle(PoolGuest g, String why) {
        if (!store.retire(g.id(), PoolGuest.State.READY)) {
            return; // handed out a moment ago: it is a learner's session now
        }
        audit.record(null, AuditAction.GUEST_REMOVED, g.id(), "warm pool of " + g.labId() + " recycled: " + why);
        finishRecycling(g);
    }

    /**
     * Tears a RECYCLING pool guest down and deletes its row. When its host does not answer, or the teardown
     * fails, the row stays for the next refill or reconcile; a host that was removed takes its guests with it.
     */
    private void finishRecycling(PoolGuest g) {
        Optional<Host> host = platform.hosts().get(g.hostId());
        if (host.isPresent()) {
            if (!host.get().up() || !host.get().connected()) {
                return; // a call to a host that stopped answering could hang the refill
            }
            try {
                host.get().runtime().teardown(g.id());
            } catch (RuntimeException e) {
                LOG.warning(() -> "pool guest " + g.id() + " could not be removed from " + g.hostId() + " (it will"
                        + " be tried again): " + e.getMessage());
                return;
            }
        }
        store.remove(g.id());
        platform.hosts().release(g.id());
    }

    /**
     * After a start-up, or when a host answers again: the host's ready pool guests whose guests all exist are held
     * again; the others (and every guest still booting at a start-up) are removed, and so are those a recycle or a
     * lost host left RECYCLING. Returns the ids kept.
     */
    public Set<String> reconcile(Host host, LabRuntime.PlatformObjects objects, boolean startup) {
        Set<String> kept = new java.util.HashSet<>();
        for (PoolGuest g : store.guests()) {
            if (!g.hostId().equals(host.id())) {
                continue;
            }
            Optional<Lab> lab = library.version(g.labId(), g.labVersion());
            boolean present = lab.isPresent() && lab.get().guests().stream().allMatch(guest ->
                    objects.guests().containsKey(LabRuntime.platformName(g.id(), guest.name())));
            switch (g.state()) {
                case STARTING -> {
                    if (!startup || booting.contains(g.id())) {
                        kept.add(g.id()); // its boot is still in the queue, or running
                    } else if (store.retire(g.id(), PoolGuest.State.STARTING)) {
                        finishRecycling(g);
                    }
                }
                case READY -> {
                    if (present) {
                        platform.hosts().hold(g.id(), host.id(), Demand.of(lab.get()));
                        kept.add(g.id());
                    } else if (store.retire(g.id(), PoolGuest.State.READY)) {
                        finishRecycling(g);
                    }
                }
                case RECYCLING -> {
                    if (booting.contains(g.id())) {
                        kept.add(g.id()); // its boot ends by removing it
                    } else {
                        finishRecycling(g);
                    }
                }
            }
        }
        return kept;
    }

    /**
     * A host went down: its pool guests are out of the pool and its place on the host released. Their rows stay
     * RECYCLING, so that the host's reconcile removes their guests, disks and networks if it comes back.
     */
    public void hostLost(String hostId) {
        for (PoolGuest g : store.guests()) {
            if (g.hostId().equals(hostId) && g.state() != PoolGuest.State.RECYCLING) {
                store.retire(g.id(), g.state());
                platform.hosts().release(g.id());
            }
        }
    }
}
