package org.kvmlab.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one benchmark run found: the rows of the table, every raw sample behind them (in milliseconds, so
 * another tool can recompute any percentile), the density curve, and the host and options it ran with.
 * Collects as the run goes, so a run that fails half way still reports what it measured.
 */
final class BenchReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One level of the density run. */
    record DensityPoint(int guests, double memoryPerGuestMiB, double qemuRssPerGuestMiB, Percentiles grading,
                        double bootSeconds) {
    }

    private final Map<String, Object> host = new LinkedHashMap<>();
    private final Map<String, Object> options = new LinkedHashMap<>();
    private final List<BenchRow> rows = new ArrayList<>();
    private final Map<String, List<Double>> samples = new LinkedHashMap<>();
    private final List<DensityPoint> density = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    void host(String name, Object value) {
        host.put(name, value);
    }

    void option(String name, Object value) {
        options.put(name, value);
    }

    void add(BenchRow row) {
        rows.add(row);
    }

    void samples(String key, List<Duration> values) {
        samples.put(key, values.stream().map(Percentiles::millis).toList());
    }

    void density(DensityPoint point) {
        density.add(point);
    }

    void problem(String text) {
        problems.add(text);
    }

    List<BenchRow> rows() {
        return List.copyOf(rows);
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    String table() {
        return BenchTable.format(rows);
    }

    String json() {
        ObjectNode root = JSON.createObjectNode();
        root.set("host", JSON.valueToTree(host));
        root.set("options", JSON.valueToTree(options));
        ArrayNode rowNodes = root.putArray("rows");
        for (BenchRow row : rows) {
            ObjectNode node = rowNodes.addObject().put("key", row.key()).put("measure", row.measure());
            if (row.value() == null) {
                node.putNull("value");
            } else {
                node.put("value", row.value()).put("unit", row.unit().symbol());
            }
            node.put("target", row.target()).put("verdict", row.verdict().name().toLowerCase(java.util.Locale.ROOT));
            if (!row.note().isEmpty()) {
                node.put("note", row.note());
            }
        }
        ArrayNode points = root.putArray("density");
        for (DensityPoint p : density) {
            points.addObject().put("guests", p.guests()).put("memoryPerGuestMiB", p.memoryPerGuestMiB())
                    .put("qemuRssPerGuestMiB", p.qemuRssPerGuestMiB()).put("gradingP50Ms", p.grading().p50Ms())
                    .put("gradingP95Ms", p.grading().p95Ms()).put("bootSeconds", p.bootSeconds());
        }
        root.set("samplesMs", JSON.valueToTree(samples));
        root.set("problems", JSON.valueToTree(problems));
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the report does not serialise: " + e.getMessage(), e);
        }
    }
}
