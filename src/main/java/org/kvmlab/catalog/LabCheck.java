package org.kvmlab.catalog;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A declarative, read-only check on one guest. Exactly one kind of probe is set: an XPath on the domain
 * XML, an expected run state, or a command run inside the guest through the QEMU guest agent.
 *
 * @param guide where the practice is explained, as a site path such as {@code /guides/x#anchor}
 */
public record LabCheck(String id, String title, String guest, int points, String failure, String guide,
                       Probe probe) {

    /** What a check looks at. */
    public sealed interface Probe permits XPathProbe, StateProbe, AgentExecProbe {
        /** True when the probe needs a real running guest (not the simulated hypervisor). */
        default boolean needsRealGuest() {
            return false;
        }
    }

    /**
     * An XPath 1.0 expression, true when the practice is followed. Kept as text: compiled XPath objects are
     * not thread-safe, and labs are shared by all sessions.
     */
    public record XPathProbe(String expression, boolean live) implements Probe {
    }

    /** The guest must be in this run state (virsh's word, e.g. "running"). */
    public record StateProbe(String state) implements Probe {
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
}
