package org.kvmlab.policy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which virsh commands a learner's shell offers in a lab: the platform's list, less what the lab takes away.
 * Real virsh commands kvmlab never offers (they reach host files, devices, daemons or other tenants, or go
 * around the policy) are answered with the reason, so the learner learns why, not just "unknown command".
 * Each offered command still judges its own arguments, and configuration changes pass the domain policy.
 */
public final class CommandPolicy {

    private static final String RESOURCE = "/policy/shell-commands.yaml";

    private final Set<String> offered;
    private final Map<String, String> refused;
    private final Set<String> denied;

    private CommandPolicy(Set<String> offered, Map<String, String> refused, Set<String> denied) {
        this.offered = offered;
        this.refused = refused;
        this.denied = Set.copyOf(denied);
    }

    static CommandPolicy standard() {
        try (InputStream in = CommandPolicy.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing policy resource " + RESOURCE);
            }
            JsonNode root = YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build()
                    .readTree(in);
            Set<String> offered = new LinkedHashSet<>();
            root.get("offered").forEach(c -> offered.add(c.asText()));
            Map<String, String> refused = new LinkedHashMap<>();
            root.get("refused").fields().forEachRemaining(e -> refused.put(e.getKey(), e.getValue().asText()));
            return new CommandPolicy(Set.copyOf(offered), Map.copyOf(refused), Set.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same list less the commands a lab takes away. */
    CommandPolicy without(Set<String> commands) {
        return new CommandPolicy(offered, refused, commands);
    }

    /** Every command the platform's shell has (before any lab takes some away). */
    public Set<String> offered() {
        return offered;
    }

    /** Whether the command is offered in this lab. */
    public boolean allows(String command) {
        return offered.contains(command) && !denied.contains(command);
    }

    /**
     * Why the command is not available, for a command kvmlab knows but does not offer here; empty for offered
     * commands and for words that are no virsh command at all.
     */
    public Optional<String> refusal(String command) {
        if (denied.contains(command)) {
            return Optional.of("'" + command + "' is not available in this lab.");
        }
        String why = refused.get(command);
        return why == null ? Optional.empty()
                : Optional.of("kvmlab does not offer '" + command + "': " + why + ".");
    }

    /** The commands refused on every lab host, each with its reason. */
    public Map<String, String> refusedEverywhere() {
        return refused;
    }

    /** Names among {@code commands} that are not offered at all (for checking a lab's settings). */
    List<String> unknown(Set<String> commands) {
        return commands.stream().filter(c -> !offered.contains(c)).sorted().toList();
    }
}
