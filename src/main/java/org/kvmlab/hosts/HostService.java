package org.kvmlab.hosts;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.kvmlab.audit.AuditAction;
import org.kvmlab.audit.AuditLog;
import org.kvmlab.observability.KvmlabMetrics;
import org.kvmlab.platform.Platform;
import org.kvmlab.session.SessionRecovery;

/**
 * What admins do with hypervisor hosts (register, set caps, drain, remove), kept in the database, and what
 * happens when a host goes down or comes back.
 */
@ApplicationScoped
public class HostService {

    private static final Logger LOG = Logger.getLogger(HostService.class.getName());

    @Inject
    Platform platform;

    @Inject
    HostStore store;

    @Inject
    SessionRecovery recovery;

    @Inject
    AuditLog audit;

    @Inject
    KvmlabMetrics metrics;

    private final Clock clock = Clock.systemUTC();

    /** A host as the admin page and API show it. */
    public record HostView(String id, String uri, boolean up, String problem, boolean drained, boolean kvm,
                           String hostname, int cpus, long memoryMiB, HostCaps caps, Demand used, int booting,
                           int sessions, HostSettings settings) {
    }

    /**
     * At start-up: the start-up host takes the caps stored for it (its URI is the one it was started with), and
     * every other stored host is registered and connected.
     */
    public void load() {
        Hosts hosts = platform.hosts();
        Host local = hosts.local();
        List<HostSettings> stored = store.all();
        for (HostSettings s : stored) {
            if (HostSettings.LOCAL.equals(s.id())) {
                hosts.update(new HostSettings(s.id(), local.settings().uri(), s.maxMemoryMiB(), s.cpuOvercommit(),
                        s.maxGuests(), s.maxBoots(), s.drained()));
            } else {
                try {
                    hosts.add(s);
                } catch (IllegalArgumentException e) {
                    LOG.warning(() -> "stored host " + s.id() + " is left out: " + e.getMessage());
                }
            }
        }
        store.save(local.settings(), clock.instant());
        metrics.gauge(KvmlabMetrics.QUEUE_LENGTH, "Boots waiting for a boot slot", Map.of("kind", "learner"),
                () -> platform.boots().waiting(BootQueue.Kind.LEARNER));
        metrics.gauge(KvmlabMetrics.QUEUE_LENGTH, "Boots waiting for a boot slot", Map.of("kind", "pool"),
                () -> platform.boots().waiting(BootQueue.Kind.POOL));
        hosts.all().forEach(this::gaugeSessions);
    }

    private void gaugeSessions(Host host) {
        metrics.gauge(KvmlabMetrics.SESSIONS, "Sessions and pool guests placed on a host", Map.of("host", host.id()),
                () -> platform.hosts().sessionsOn(host.id()).size());
    }

    public List<HostView> all() {
        Hosts hosts = platform.hosts();
        Map<String, Demand> used = hosts.used();
        return hosts.all().stream().map(h -> view(h, used.getOrDefault(h.id(), Demand.NONE))).toList();
    }

    private HostView view(Host h, Demand used) {
        var info = h.info();
        return new HostView(h.id(), h.settings().uri(), h.up(), h.problem(), h.settings().drained(), h.kvm(),
                info == null ? "" : info.hostname(), info == null ? 0 : info.hostCpus(),
                info == null ? 0 : info.hostMemoryMiB(), h.caps(), used, platform.boots().booting(h.id()),
                platform.hosts().sessionsOn(h.id()).size(), h.settings());
    }

    /** Registers a host; it is kept (down, retried) when it does not answer yet. */
    public HostView add(String admin, HostSettings settings) {
        Host host = platform.hosts().add(settings);
        store.save(settings, clock.instant());
        gaugeSessions(host);
        audit.record(admin, AuditAction.HOST_CHANGED, settings.id(), "added " + settings.uri()
                + (host.up() ? "" : " (not answering yet: " + host.problem().lines().findFirst().orElse("") + ")"));
        return view(host, Demand.NONE);
    }

    /** Changes a host's caps or drained flag. */
    public HostView update(String admin, HostSettings settings) {
        Host host = platform.hosts().update(settings);
        store.save(settings, clock.instant());
        audit.record(admin, AuditAction.HOST_CHANGED, settings.id(), (settings.drained() ? "drained" : "in service")
                + "; caps: memory " + settings.maxMemoryMiB() + " MiB, overcommit " + settings.cpuOvercommit()
                + ", guests " + settings.maxGuests() + ", boots " + settings.maxBoots() + " (0 = default)");
        return view(host, platform.hosts().used().getOrDefault(host.id(), Demand.NONE));
    }

    public void remove(String admin, String id) {
        platform.hosts().remove(id);
        store.delete(id);
        audit.record(admin, AuditAction.HOST_CHANGED, id, "removed");
    }

    /** Health checks every host; a host that went down loses its sessions, one that came back is reconciled. */
    public void check() {
        for (Hosts.Change change : platform.hosts().check()) {
            if (change.nowUp()) {
                audit.record(null, AuditAction.HOST_CHANGED, change.host().id(), "host answers again");
                try {
                    recovery.reconcile(change.host(), false);
                } catch (RuntimeException e) {
                    LOG.warning(() -> "reconcile of host " + change.host().id() + " failed: " + e.getMessage());
                }
            } else {
                recovery.hostLost(change.host());
            }
        }
    }
}
