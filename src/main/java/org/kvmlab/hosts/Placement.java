package org.kvmlab.hosts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which host takes a new session: among the hosts that answer, are not drained, can run the lab (KVM when it
 * needs it) and have room under every cap, the one with the most memory left, then the fewest guests. Pure, so
 * that it is tested on its own.
 */
public final class Placement {

    /** A host as placement sees it. */
    public record Candidate(String id, boolean up, boolean drained, boolean kvm, HostCaps caps, Demand used) {
        long memoryLeft() {
            return caps.memoryMiB() - used.memoryMiB();
        }
    }

    /** The chosen host, or why none could take the session (for the learner). */
    public record Choice(Optional<String> host, String whyNot) {
    }

    private Placement() {
    }

    public static Choice choose(List<Candidate> hosts, Demand demand) {
        List<Candidate> fit = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (Candidate c : hosts) {
            String no = refusal(c, demand);
            if (no == null) {
                fit.add(c);
            } else {
                reasons.add(c.id() + ": " + no);
            }
        }
        Optional<String> best = fit.stream().max(Comparator.comparingLong(Candidate::memoryLeft)
                        .thenComparing(c -> -c.used().guests()).thenComparing(Candidate::id, Comparator.reverseOrder()))
                .map(Candidate::id);
        return new Choice(best, best.isPresent() ? "" : hosts.isEmpty() ? "no host is registered"
                : String.join("; ", reasons));
    }

    /** Why this host cannot take the demand, or null when it can. */
    static String refusal(Candidate c, Demand d) {
        if (!c.up()) {
            return "not answering";
        }
        if (c.drained()) {
            return "drained for maintenance";
        }
        if (d.needsKvm() && !c.kvm()) {
            return "the lab needs KVM, and this host emulates";
        }
        if (c.used().guests() + d.guests() > c.caps().guests()) {
            return "at its cap of " + c.caps().guests() + " guests";
        }
        if (c.used().memoryMiB() + d.memoryMiB() > c.caps().memoryMiB()) {
            return "only " + Math.max(0, c.memoryLeft()) + " MiB of guest memory left";
        }
        if (c.used().vcpus() + d.vcpus() > c.caps().vcpus()) {
            return "only " + Math.max(0, c.caps().vcpus() - c.used().vcpus()) + " vCPUs left";
        }
        return null;
    }
}
