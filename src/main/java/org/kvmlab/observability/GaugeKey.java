package org.kvmlab.observability;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A gauge's identity: its name and tags, as MicroProfile Metrics identifies a metric. Tags are kept sorted so
 * that the same tags given in another order are the same gauge.
 */
public record GaugeKey(String name, Map<String, String> tags) {

    public GaugeKey {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a gauge needs a name");
        }
        tags = tags == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(tags));
    }

    /** The tags as a chart legend shows them, e.g. {@code host=local}; the name when there are none. */
    public String label() {
        return tags.isEmpty() ? name : tags.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
