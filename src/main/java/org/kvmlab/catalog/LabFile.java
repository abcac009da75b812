package org.kvmlab.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** The shape of {@code lab.yaml} as written by authors; {@link LabLoader} turns it into a {@link Lab}. */
record LabFile(
        @JsonProperty(required = true) String id,
        @JsonProperty(required = true) String title,
        String summary,
        String difficulty,
        Integer minutes,
        List<String> objectives,
        List<String> tags,
        @JsonProperty(required = true) List<GuestEntry> guests,
        @JsonProperty(required = true) List<StepEntry> steps) {

    record GuestEntry(@JsonProperty(required = true) String name,
                      @JsonProperty(required = true) String domain,
                      Limits limits) {
    }

    record Limits(Integer memoryMiB, Integer vcpus) {
    }

    record StepEntry(@JsonProperty(required = true) String id,
                     @JsonProperty(required = true) String title,
                     @JsonProperty(required = true) String text,
                     List<String> hints,
                     @JsonProperty(required = true) List<CheckEntry> checks,
                     List<OperationEntry> solution) {
    }

    record CheckEntry(@JsonProperty(required = true) String id,
                      @JsonProperty(required = true) String title,
                      String guest,
                      Integer points,
                      @JsonProperty(required = true) String failure,
                      @JsonProperty(required = true) String guide,
                      String xpath,
                      Boolean live,
                      String state,
                      AgentExecEntry agent) {
    }

    record AgentExecEntry(@JsonProperty(required = true) List<String> command,
                          Integer exitCode,
                          String output) {
    }

    record OperationEntry(EditEntry xml, PowerEntry power) {
    }

    record EditEntry(String guest, List<Map<String, String>> set, List<String> remove, List<Map<String, String>> add) {
    }

    record PowerEntry(String guest, @JsonProperty(required = true) String action) {
    }
}
