package org.kvmlab.tools;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.kvmlab.catalog.Lab;
import org.kvmlab.catalog.LabGuest;
import org.kvmlab.session.LabRuntime;

/**
 * The lab sessions the in-process parts of the bench boot through the platform's own {@link LabRuntime}, kept
 * in one place so that whatever happens (a failure, Ctrl-C) every one of them is removed, and what could not be
 * removed is named.
 */
final class BenchSessions {

    static final Duration AGENT_WAIT = Duration.ofSeconds(180);
    private static final Duration LIFETIME = Duration.ofHours(3);

    private final LabRuntime runtime;
    private final Set<String> live = ConcurrentHashMap.newKeySet();
    private final Set<String> all = ConcurrentHashMap.newKeySet();
    private final List<String> retries = java.util.Collections.synchronizedList(new ArrayList<>());

    BenchSessions(LabRuntime runtime) {
        this.runtime = runtime;
    }

    LabRuntime runtime() {
        return runtime;
    }

    /** A new session id, tracked for removal from now on (before anything is made for it). */
    String open() {
        String id = UUID.randomUUID().toString();
        live.add(id);
        all.add(id);
        return id;
    }

    /**
     * Boots a session of the lab as the platform does, and waits until every guest agent answers. A start that
     * fails is tried once more in a new session (two session networks made at the same moment can be given the
     * same bridge by libvirt); each such retry is counted, with its reason.
     */
    String boot(Lab lab) {
        String session = open();
        try {
            runtime.provision(session, lab, Instant.now().plus(LIFETIME));
        } catch (RuntimeException e) {
            retries.add(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            end(session);
            session = open();
            runtime.provision(session, lab, Instant.now().plus(LIFETIME));
        }
        awaitAgents(session, lab);
        return session;
    }

    /** Why boots had to be tried again, one entry per retry. */
    List<String> retries() {
        return List.copyOf(retries);
    }

    void awaitAgents(String session, Lab lab) {
        for (LabGuest guest : agentGuests(lab)) {
            if (!runtime.awaitAgent(session, guest.name(), AGENT_WAIT)) {
                throw new IllegalStateException("the guest agent of " + guest.name() + " did not answer within "
                        + AGENT_WAIT.toSeconds() + " s");
            }
        }
    }

    /** The guests whose agent the bench waits for: those with the platform's agent channel. */
    static List<LabGuest> agentGuests(Lab lab) {
        return lab.guests().stream().filter(LabGuest::platformAgentChannel).toList();
    }

    /** Every session this bench opened, removed or not (for the final check). */
    List<String> opened() {
        return List.copyOf(all);
    }

    int count() {
        return live.size();
    }

    List<String> ids() {
        return List.copyOf(live);
    }

    /** Removes one session's guests, disks and network; what is left is returned. */
    List<String> end(String session) {
        Thread.interrupted(); // a stop interrupted the work: the removal must still run
        runtime.teardown(session);
        List<String> left = runtime.leftovers(session);
        if (left.isEmpty()) {
            live.remove(session);
        }
        return left;
    }

    /** Removes every session; returns what could not be removed (empty when all is gone). */
    List<String> endAll() {
        List<String> left = new ArrayList<>();
        for (String session : ids()) {
            try {
                left.addAll(end(session));
            } catch (RuntimeException e) {
                left.add("session " + session + " (" + e.getMessage() + ")");
            }
        }
        return left;
    }
}
