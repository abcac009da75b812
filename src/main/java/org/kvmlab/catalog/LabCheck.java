package org.kvmlab.catalog;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.kvmlab.guest.XmlView;

/**
 * A declarative, read-only check on one guest: what it looks at (its probe), what it is worth and what the
 * learner is told when it fails, with a link to the guide section that explains the practice.
 *
 * @param guide where the practice is explained, as a site path such as {@code /guides/x#anchor}
 * @param practices numbers of the practices (KVM-PRACTICES.md) the check grades
 * @param passesAtStart why the check already passes on the untouched guest, or empty when it must fail there
 */
public record LabCheck(String id, String title, String guest, int points, String failure, String guide,
                       List<Integer> practices, Optional<String> passesAtStart, Probe probe) {

    public LabCheck {
        practices = List.copyOf(practices);
    }

    /** What a check looks at. Probes only read; none changes a guest. */
    public sealed interface Probe permits XPathProbe, CountProbe, CompareProbe, StateProbe, AutostartProbe,
            SnapshotProbe, ObjectProbe, AgentExecProbe, AgentInfoProbe, StatsProbe, CompositeProbe, NotProbe {
        /** True when the probe needs a real running guest (not the simulated hypervisor). */
        default boolean needsRealGuest() {
            return false;
        }

        /**
         * True when the verdict can change while nothing is edited: the probe reads the running guest (its
         * state, live XML, agent or counters), which settles only after a boot.
         */
        default boolean readsRunningGuest() {
            return needsRealGuest();
        }
    }

    /**
     * An XPath 1.0 expression on the domain XML, true when the practice is followed. Kept as text: compiled
     * XPath objects are not thread-safe, and labs are shared by all sessions.
     */
    public record XPathProbe(String expression, XmlView view) implements Probe {
        @Override
        public boolean readsRunningGuest() {
            return view == XmlView.LIVE;
        }
    }

    /** The number of nodes an XPath selects lies between min and max (inclusive). */
    public record CountProbe(String expression, XmlView view, int min, int max) implements Probe {
        @Override
        public boolean readsRunningGuest() {
            return view == XmlView.LIVE;
        }
    }

    /** Two XPath number expressions compared with an operator, e.g. {@code /domain/vcpu <= $hostCpus}. */
    public record CompareProbe(String value, Operator operator, String to, XmlView view) implements Probe {
        @Override
        public boolean readsRunningGuest() {
            return view == XmlView.LIVE || (value + to).contains("$qemuSeccomp");
        }
    }

    /** Comparison operators of compare checks, by the symbol authors write. */
    public enum Operator {
        LT("<"), LE("<="), EQ("=="), NE("!="), GE(">="), GT(">");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        public boolean holds(double a, double b) {
            return switch (this) {
                case LT -> a < b;
                case LE -> a <= b;
                case EQ -> a == b;
                case NE -> a != b;
                case GE -> a >= b;
                case GT -> a > b;
            };
        }

        public static Optional<Operator> of(String symbol) {
            for (Operator o : values()) {
                if (o.symbol.equals(symbol)) {
                    return Optional.of(o);
                }
            }
            return Optional.empty();
        }
    }

    /** The guest must be in this run state (virsh's word, e.g. "running"). */
    public record StateProbe(String state) implements Probe {
        @Override
        public boolean readsRunningGuest() {
            return true;
        }
    }

    /** The guest's autostart flag must have this value. */
    public record AutostartProbe(boolean enabled) implements Probe {
    }

    /**
     * The guest's snapshots: how many there are, and optionally that one with this name exists, is of this
     * kind ({@code internal}, {@code external} or {@code disk-only}) and is the current one.
     */
    public record SnapshotProbe(Optional<String> name, int min, int max, Optional<String> kind,
                                Optional<Boolean> current) implements Probe {
    }

    /** An XPath on the XML of a libvirt object the guest uses: its disk's volume, its pool, its network. */
    public record ObjectProbe(LibvirtObject object, String expression, String disk) implements Probe {
    }

    /** The libvirt objects next to a guest that checks can look at. */
    public enum LibvirtObject {
        VOLUME, POOL, NETWORK
    }

    /** A command run in the guest; passes when the exit code matches and stdout matches the pattern. */
    public record AgentExecProbe(List<String> command, int exitCode, Pattern output) implements Probe {
        public AgentExecProbe {
            command = List.copyOf(command);
        }

        @Override
        public boolean needsRealGuest() {
            return true;
        }
    }

    /** A read-only guest agent command (e.g. guest-info); passes when its JSON reply matches the pattern. */
    public record AgentInfoProbe(String command, Pattern output) implements Probe {
        @Override
        public boolean needsRealGuest() {
            return true;
        }
    }

    /** A counter of the running guest ({@code virsh domstats} name) is present and at least min. */
    public record StatsProbe(String field, long min) implements Probe {
        @Override
        public boolean needsRealGuest() {
            return true;
        }
    }

    /** A probe made of other probes: it needs what any of its parts needs. */
    public sealed interface CompositeProbe extends Probe permits AllProbe, AnyProbe {
        List<Probe> parts();

        @Override
        default boolean needsRealGuest() {
            return parts().stream().anyMatch(Probe::needsRealGuest);
        }

        @Override
        default boolean readsRunningGuest() {
            return parts().stream().anyMatch(Probe::readsRunningGuest);
        }
    }

    /** Passes when every part passes. */
    public record AllProbe(List<Probe> parts) implements CompositeProbe {
        public AllProbe {
            parts = List.copyOf(parts);
        }
    }

    /** Passes when at least one part passes. */
    public record AnyProbe(List<Probe> parts) implements CompositeProbe {
        public AnyProbe {
            parts = List.copyOf(parts);
        }
    }

    /** Passes when its part fails (and fails when it passes). */
    public record NotProbe(Probe part) implements Probe {
        @Override
        public boolean needsRealGuest() {
            return part.needsRealGuest();
        }

        @Override
        public boolean readsRunningGuest() {
            return part.readsRunningGuest();
        }
    }
}
