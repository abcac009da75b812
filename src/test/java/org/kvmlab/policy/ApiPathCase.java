package org.kvmlab.policy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * One case of {@code policy/api-paths.yaml}: learner input on an API path that takes host paths (a virsh
 * command line, snapshot, volume or network XML), the section-4 row it belongs to, why it must be refused and
 * what the refusal must name.
 */
public record ApiPathCase(String name, String row, Kind kind, String reason, String input, Outcome outcome,
                          String gap, String element, String says) {

    /** Where the input goes. */
    public enum Kind { shell, snapshot, volume, network }

    /**
     * How a shell case must end: a policy refusal the audit records, a command or option the learner's shell does
     * not have, or (a known gap, see {@code gap}) an error that is not flagged as a refusal.
     */
    public enum Outcome { refused, unknown, unflagged }

    /** The file: the network the XML cases edit, the disks a snapshot may name, and the cases. */
    public record Corpus(String currentNetwork, List<String> snapshotDisks, List<ApiPathCase> cases) {
    }

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    public static Corpus load() {
        try (InputStream in = ApiPathCase.class.getResourceAsStream("/policy/api-paths.yaml")) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /policy/api-paths.yaml");
            }
            return YAML.readValue(in, Corpus.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
