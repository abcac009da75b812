package org.kvmlab.hosts;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.logging.Logger;
import org.kvmlab.guest.Acceleration;
import org.kvmlab.guest.Hypervisor;
import org.kvmlab.guest.HypervisorException;
import org.kvmlab.session.LabRuntime;

/**
 * The hypervisor hosts the platform places lab guests on, and the ledger of what each session holds where. Placing
 * a session reserves its demand on the chosen host at once, so two starts cannot both take the last room. The
 * ledger lives in memory and is rebuilt from the database at start-up (reconcile).
 */
public final class Hosts implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Hosts.class.getName());

    /** Makes what the platform needs on a freshly connected host: its lab runtime and how it runs guests. */
    public interface Setup {
        LabRuntime runtime(String hostId, Hypervisor hypervisor);

        CompletableFuture<Acceleration> acceleration(String hostId, Hypervisor hypervisor);
    }

    /** What a session holds on a host. */
    record Reservation(String host, Demand demand) {
    }

    /** A host whose health changed in a check: it went down, or came back. */
    public record Change(Host host, boolean nowUp) {
    }

    private final Function<String, Hypervisor> connector;
    private final Setup setup;
    private final Clock clock;
    private final Map<String, Host> hosts = new LinkedHashMap<>();
    private final Map<String, Reservation> ledger = new HashMap<>();

    public Hosts(Function<String, Hypervisor> connector, Setup setup, Clock clock) {
        this.connector = connector;
        this.setup = setup;
        this.clock = clock;
    }

    /** Registers a host and tries to connect to it; a host that does not answer is kept, down, and retried. */
    public Host add(HostSettings settings) {
        Host host;
        synchronized (this) {
            if (hosts.containsKey(settings.id())) {
                throw new IllegalArgumentException("There is already a host '" + settings.id() + "'.");
            }
            if (hosts.values().stream().anyMatch(h -> h.settings().uri().equals(settings.uri()))) {
                throw new IllegalArgumentException("Another host already has the URI " + settings.uri() + ".");
            }
            host = new Host(settings, clock.instant());
            hosts.put(settings.id(), host);
        }
        tryConnect(host);
        return host;
    }

    /** Registers a host whose connection the caller already made (the start-up host). */
    public synchronized Host add(HostSettings settings, Hypervisor connected) {
        Host host = new Host(settings, clock.instant());
        host.connected(connected, setup.runtime(settings.id(), connected),
                setup.acceleration(settings.id(), connected), clock.instant());
        hosts.put(settings.id(), host);
        return host;
    }

    /** Changes a host's caps or drained flag; its URI stays. */
    public synchronized Host update(HostSettings settings) {
        Host host = get(settings.id()).orElseThrow(() -> new IllegalArgumentException("There is no host '"
                + settings.id() + "'."));
        if (!host.settings().uri().equals(settings.uri())) {
            throw new IllegalArgumentException("A host's URI cannot change; remove the host and add it again.");
        }
        host.settings(settings);
        return host;
    }

    /** Removes a host that runs no lab guest of the platform's. */
    public synchronized void remove(String id) {
        Host host = get(id).orElseThrow(() -> new IllegalArgumentException("There is no host '" + id + "'."));
        if (HostSettings.LOCAL.equals(id)) {
            throw new IllegalArgumentException("The host the platform was started with cannot be removed; drain it"
                    + " instead.");
        }
        long held = ledger.values().stream().filter(r -> r.host().equals(id)).count();
        if (held > 0) {
            throw new IllegalArgumentException("Host '" + id + "' still holds " + held + " sessions or pool guests:"
                    + " drain it and wait until they end.");
        }
        hosts.remove(id);
        host.close();
    }

    public synchronized List<Host> all() {
        return List.copyOf(hosts.values());
    }

    public synchronized Optional<Host> get(String id) {
        return Optional.ofNullable(hosts.get(id));
    }

    /** The host the platform was started with. */
    public Host local() {
        return get(HostSettings.LOCAL).orElseThrow();
    }

    /**
     * Chooses a host for a session and reserves its demand there; empty (with the reason) when no host has room.
     */
    public synchronized Placement.Choice place(String sessionId, Demand demand) {
        Placement.Choice choice = Placement.choose(candidates(), demand);
        choice.host().ifPresent(h -> ledger.put(sessionId, new Reservation(h, demand)));
        return choice;
    }

    /** Records that a session holds this demand on this host (after a restart, or a pool hand-out). */
    public synchronized void hold(String sessionId, String hostId, Demand demand) {
        ledger.put(sessionId, new Reservation(hostId, demand));
    }

    /** The session no longer holds anything (ended, failed, recycled). */
    public synchronized void release(String sessionId) {
        ledger.remove(sessionId);
    }

    /** The host a session was placed on, if it holds a place. */
    public synchronized Optional<Host> hostOf(String sessionId) {
        Reservation r = ledger.get(sessionId);
        return r == null ? Optional.empty() : Optional.ofNullable(hosts.get(r.host()));
    }

    /** The sessions (and pool guests) placed on a host. */
    public synchronized List<String> sessionsOn(String hostId) {
        return ledger.entrySet().stream().filter(e -> e.getValue().host().equals(hostId)).map(Map.Entry::getKey)
                .sorted().toList();
    }

    /** What sessions hold on each host, by host id. */
    public synchronized Map<String, Demand> used() {
        Map<String, Demand> used = new LinkedHashMap<>();
        hosts.keySet().forEach(id -> used.put(id, Demand.NONE));
        ledger.values().forEach(r -> used.merge(r.host(), r.demand(), Demand::plus));
        return used;
    }

    private List<Placement.Candidate> candidates() {
        Map<String, Demand> used = used();
        List<Placement.Candidate> out = new ArrayList<>();
        for (Host h : hosts.values()) {
            out.add(new Placement.Candidate(h.id(), h.up() && h.connected(), h.settings().drained(), h.kvm(),
                    h.caps(), used.getOrDefault(h.id(), Demand.NONE)));
        }
        return out;
    }

    /**
     * Asks every host whether it answers (connecting the ones that never did) and returns the hosts that went down
     * or came back. A host goes down after {@link Host#FAILURES_TO_DOWN} failed checks in a row.
     */
    public List<Change> check() {
        List<Change> changes = new ArrayList<>();
        for (Host host : all()) {
            if (!host.connected()) {
                if (tryConnect(host)) {
                    changes.add(new Change(host, true));
                }
                continue;
            }
            try {
                host.hypervisor().ping();
                if (host.markUp(clock.instant())) {
                    LOG.info(() -> "host " + host.id() + " answers again");
                    changes.add(new Change(host, true));
                }
            } catch (HypervisorException | IllegalStateException e) {
                if (host.markFailed(e.getMessage(), clock.instant())) {
                    LOG.warning(() -> "host " + host.id() + " is down: " + e.getMessage());
                    changes.add(new Change(host, false));
                }
            }
        }
        return changes;
    }

    private boolean tryConnect(Host host) {
        try {
            Hypervisor h = connector.apply(host.settings().uri());
            try {
                host.connected(h, setup.runtime(host.id(), h), setup.acceleration(host.id(), h), clock.instant());
            } catch (RuntimeException e) {
                h.close();
                throw e;
            }
            LOG.info(() -> "host " + host.id() + " connected: " + host.info().hostname() + ", "
                    + host.info().hostCpus() + " CPUs, " + host.info().hostMemoryMiB() + " MiB");
            return true;
        } catch (HypervisorException e) {
            host.markFailed(e.getMessage(), clock.instant());
            LOG.warning(() -> "host " + host.id() + " does not answer: " + e.getMessage());
            return false;
        }
    }

    @Override
    public synchronized void close() {
        hosts.values().forEach(Host::close);
    }
}
