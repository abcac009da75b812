package org.kvmlab.session;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.kvmlab.audit.AuditAction;
import org.kvmlab.audit.AuditLog;
import org.kvmlab.guest.AccelerationProbe;
import org.kvmlab.guest.GuestMetadata;
import org.kvmlab.guest.HypervisorException;
import org.kvmlab.hosts.Demand;
import org.kvmlab.hosts.Host;
import org.kvmlab.platform.Platform;
import org.kvmlab.pool.PoolService;

/**
 * Sessions against what the hosts really run, when that may differ from the database: after a start-up or a
 * crash, when a host answers again after it was down, and when a host stops answering. Orphans (guests, disks
 * and networks of this platform instance that no live session or pool guest owns) are removed; sessions whose
 * guests are gone are marked lost, with a note that tells their learners what to do.
 */
@ApplicationScoped
public class SessionRecovery {

    private static final Logger LOG = Logger.getLogger(SessionRecovery.class.getName());

    @Inject
    SessionStore store;

    @Inject
    SessionService sessions;

    @Inject
    Platform platform;

    @Inject
    AuditLog audit;

    @Inject
    PoolService pools;

    /**
     * After a start-up (or a crash): on every host, live sessions and ready pool guests keep their guests (and hold
     * their place on the host again); guests, disks and networks of this platform instance that belong to neither
     * are removed; live sessions whose guests are gone are marked lost; sessions caught starting are failed.
     * Sessions on a host that does not answer are marked lost.
     */
    public void reconcile() {
        for (Host host : platform.hosts().all()) {
            if (host.connected()) {
                reconcile(host, true);
            }
        }
        for (LabSession session : store.live()) {
            Optional<Host> host = platform.hosts().get(session.hostId());
            if (host.isEmpty() || !host.get().connected()) {
                store.finish(session.id(), SessionState.LOST, sessions.now(), lostNote(session.hostId()));
                audit.record(null, AuditAction.GUEST_REMOVED, session.id(), "session lost: host " + session.hostId()
                        + " does not answer at start-up");
            }
        }
    }

    /**
     * One host, at start-up or when it answers again after it was down. At start-up, sessions caught starting
     * failed (the boot queue is gone); afterwards they are still queued or booting, and are left alone.
     */
    public void reconcile(Host host, boolean startup) {
        LabRuntime runtime = host.runtime();
        LabRuntime.PlatformObjects objects = runtime.platformObjects();
        Set<String> live = new HashSet<>();
        for (LabSession session : store.live()) {
            if (!session.hostId().equals(host.id())) {
                continue;
            }
            if (session.state() == SessionState.STARTING) {
                if (startup) {
                    runtime.teardown(session.id());
                    store.finish(session.id(), SessionState.FAILED, sessions.now(),
                            "The platform restarted while your lab was starting. Please start it again.");
                } else {
                    live.add(session.id());
                }
            } else if (!session.expiresAt().isAfter(sessions.now())) {
                platform.hosts().hold(session.id(), host.id(), sessions.labOf(session).map(Demand::of).orElse(Demand.NONE));
                sessions.finish(session.id(), SessionState.EXPIRED, "Your lab time ran out while the platform was down.", null);
            } else if (!guestsPresent(session, objects)) {
                runtime.teardown(session.id());
                store.finish(session.id(), SessionState.LOST, sessions.now(),
                        "Your lab guest disappeared while the platform was down. Please start the lab again.");
                platform.hosts().release(session.id());
            } else {
                live.add(session.id());
                platform.hosts().hold(session.id(), host.id(), sessions.labOf(session).map(Demand::of).orElse(Demand.NONE));
            }
        }
        live.addAll(pools.reconcile(host, objects, startup));
        List<String> removed = new ArrayList<>();
        Set<String> orphanSessions = new HashSet<>();
        objects.guests().forEach((name, metadata) -> {
            if (name.startsWith(AccelerationProbe.PROBE_PREFIX)) {
                return; // the KVM probe may be running right now; it cleans up after itself
            }
            Optional<String> owner = metadata.map(GuestMetadata::sessionId).or(() -> LabRuntime.sessionIdIn(name));
            // a guest whose metadata could not be read (another platform on the same libvirtd may be making or
            // removing it right now) is this instance's only when the session is in this instance's database
            boolean ours = metadata.map(m -> runtime.instance().equals(m.instance()))
                    .orElseGet(() -> owner.map(id -> store.find(id).isPresent()).orElse(false));
            if (ours && (owner.isEmpty() || !live.contains(owner.get())) && removed(name, runtime::removeGuest)) {
                removed.add(name);
                owner.ifPresent(orphanSessions::add);
            }
        });
        for (String volume : objects.volumes()) {
            Optional<String> owner = LabRuntime.sessionIdIn(volume);
            if ((owner.isEmpty() || !live.contains(owner.get())) && removed(volume, runtime::removeVolume)) {
                removed.add(volume);
            }
        }
        removed.addAll(removeOrphanNetworks(runtime, objects.networks(), live, orphanSessions));
        live.forEach(runtime::ensureNetwork);
        if (!removed.isEmpty()) {
            audit.record(null, AuditAction.GUEST_REMOVED, null, "reconcile of host " + host.id() + " removed"
                    + " orphans: " + String.join(", ", removed));
        }
        LOG.info(() -> "reconciled host " + host.id() + ": " + live.size() + " live sessions and pool guests"
                + (removed.isEmpty() ? "" : ", removed orphans " + removed));
    }

    /**
     * Removes one orphan; a failure (it went away meanwhile, or libvirt refused) is logged and left to the next
     * reconcile, so that one object never stops the platform from starting.
     */
    private static boolean removed(String name, Consumer<String> removal) {
        try {
            removal.accept(name);
            return true;
        } catch (HypervisorException e) {
            LOG.warning(() -> "could not remove orphan " + name + " (left for the next reconcile): " + e.getMessage());
            return false;
        }
    }

    private static String lostNote(String hostId) {
        return "The machine running your lab (" + hostId + ") stopped answering, so your lab guest is lost. Your"
                + " checks so far are kept. Please start the lab again: it will run on another machine.";
    }

    /**
     * A host stopped answering: its sessions are lost (their learners read why on their next look), waiting boots
     * for it are dropped with them, and its pool guests are forgotten. Its guests are removed by its reconcile if
     * it comes back.
     */
    public void hostLost(Host host) {
        int lost = 0;
        for (LabSession session : store.live()) {
            if (session.hostId().equals(host.id())) {
                platform.boots().cancel(session.id());
                if (store.finish(session.id(), SessionState.LOST, sessions.now(), lostNote(host.id()))) {
                    lost++;
                }
                platform.hosts().release(session.id());
                sessions.forget(session.id());
            }
        }
        pools.hostLost(host.id());
        int count = lost;
        audit.record(null, AuditAction.HOST_CHANGED, host.id(), "host stopped answering ("
                + host.problem().lines().findFirst().orElse("") + "); "
                + count + " sessions marked lost");
    }

    /**
     * Networks carry no metadata (libvirt 9.0), so a session's network is this instance's when the session is
     * in this instance's database, or when one of this instance's orphan guests belonged to it.
     */
    private List<String> removeOrphanNetworks(LabRuntime runtime, List<String> networks, Set<String> live,
                                              Set<String> orphanSessions) {
        List<String> removed = new ArrayList<>();
        for (String network : networks) {
            Optional<String> owner = LabRuntime.sessionIdIn(network);
            boolean ours = owner.isPresent() && (orphanSessions.contains(owner.get()) || store.find(owner.get())
                    .isPresent());
            if (ours && !live.contains(owner.get()) && removed(network, runtime.hypervisor()::removeNetwork)) {
                removed.add(network);
            }
        }
        return removed;
    }

    private boolean guestsPresent(LabSession session, LabRuntime.PlatformObjects objects) {
        return sessions.lab(session).guests().stream().allMatch(g ->
                objects.guests().containsKey(LabRuntime.platformName(session.id(), g.name())));
    }
}
