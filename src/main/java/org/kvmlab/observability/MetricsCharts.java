package org.kvmlab.observability;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.Function;

/**
 * Chart.js configurations (JSON, as PrimeFaces' {@code p:chart} takes them) of the last hour's history. Each
 * chart is empty ({@code null}) when it has nothing to show, so the page can say so in words instead.
 */
public final class MetricsCharts {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final String BLUE = "#2563eb";
    private static final String RED = "#dc2626";
    private static final String[] PALETTE = {BLUE, "#16a34a", "#d97706", "#9333ea", "#0891b2", RED, "#4b5563"};

    private final List<MetricsHistory.Sample> samples;
    private final long[] bootTimes;
    private final SortedMap<Instant, long[]> bootsPerMinute;
    private final ZoneId zone;

    public MetricsCharts(MetricsHistory history, ZoneId zone) {
        this(history.samples(), history.metrics().bootTimeHistogram(MetricsHistory.SPAN),
                history.metrics().bootsPerMinute((int) MetricsHistory.SPAN.toMinutes()), zone);
    }

    MetricsCharts(List<MetricsHistory.Sample> samples, long[] bootTimes, SortedMap<Instant, long[]> bootsPerMinute,
                  ZoneId zone) {
        this.samples = List.copyOf(samples);
        this.bootTimes = bootTimes.clone();
        this.bootsPerMinute = bootsPerMinute;
        this.zone = zone;
    }

    /** Boots per minute of the last hour (succeeded and failed, stacked), from each boot's time. */
    public String bootsPerMinute() {
        if (bootsPerMinute.values().stream().allMatch(c -> c[0] + c[1] == 0)) {
            return null;
        }
        JsonArrayBuilder ok = Json.createArrayBuilder();
        JsonArrayBuilder failed = Json.createArrayBuilder();
        bootsPerMinute.values().forEach(c -> {
            ok.add(c[0]);
            failed.add(c[1]);
        });
        return chart("bar", labels(bootsPerMinute.keySet().stream().map(m -> MINUTE.format(m.atZone(zone))).toList()),
                Json.createArrayBuilder().add(dataset("Booted", ok, BLUE)).add(dataset("Failed", failed, RED)), true,
                true);
    }

    /** How long successful boots of the last hour took, in buckets of seconds. */
    public String bootTimes() {
        if (java.util.Arrays.stream(bootTimes).sum() == 0) {
            return null;
        }
        List<String> buckets = new ArrayList<>();
        double lower = 0;
        for (double upper : KvmlabMetrics.BOOT_BUCKETS) {
            buckets.add(seconds(lower) + "–" + seconds(upper) + " s");
            lower = upper;
        }
        buckets.add("over " + seconds(lower) + " s");
        JsonArrayBuilder counts = Json.createArrayBuilder();
        java.util.Arrays.stream(bootTimes).forEach(counts::add);
        return chart("bar", labels(buckets), Json.createArrayBuilder().add(dataset("Boots", counts, BLUE)), false,
                true);
    }

    /** A gauge over time, one line per tag set (e.g. per host); null when no sample has it. */
    public String gauge(String name) {
        Set<GaugeKey> keys = new LinkedHashSet<>();
        samples.forEach(s -> s.gauges().keySet().stream().filter(k -> k.name().equals(name)).forEach(keys::add));
        if (keys.isEmpty()) {
            return null;
        }
        JsonArrayBuilder datasets = Json.createArrayBuilder();
        int colour = 0;
        for (GaugeKey key : keys) {
            datasets.add(dataset(key.label(), series(s -> s.gauges().get(key)), PALETTE[colour++ % PALETTE.length]));
        }
        return chart("line", timeLabels(), datasets, false, true);
    }

    /** p50 and p95 of grading time (seconds, over the minute before each sample); null before any grading. */
    public String gradingLatency() {
        if (samples.stream().allMatch(s -> s.grading().isEmpty())) {
            return null;
        }
        return chart("line", timeLabels(), Json.createArrayBuilder()
                .add(dataset("p50", series(s -> s.grading().map(KvmlabMetrics.Latency::p50).orElse(null)), BLUE))
                .add(dataset("p95", series(s -> s.grading().map(KvmlabMetrics.Latency::p95).orElse(null)), RED)),
                false, false);
    }

    private JsonArrayBuilder series(Function<MetricsHistory.Sample, Double> value) {
        JsonArrayBuilder data = Json.createArrayBuilder();
        for (MetricsHistory.Sample sample : samples) {
            Double v = value.apply(sample);
            if (v == null || v.isNaN() || v.isInfinite()) {
                data.addNull(); // a gap in the line, not a fall to zero
            } else {
                data.add(v);
            }
        }
        return data;
    }

    private JsonArrayBuilder timeLabels() {
        return labels(samples.stream().map(s -> SECOND.format(s.at().atZone(zone))).toList());
    }

    private static JsonArrayBuilder labels(java.util.Collection<String> labels) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        labels.forEach(array::add);
        return array;
    }

    private static JsonObjectBuilder dataset(String label, JsonArrayBuilder data, String colour) {
        return Json.createObjectBuilder().add("label", label).add("data", data).add("borderColor", colour)
                .add("backgroundColor", colour).add("pointRadius", 0).add("spanGaps", false);
    }

    /** {@code counts}: the values are whole numbers (boots, sessions), so the axis shows no 0.5 steps. */
    private static String chart(String type, JsonArrayBuilder labels, JsonArrayBuilder datasets, boolean stacked,
                                boolean counts) {
        JsonObjectBuilder y = Json.createObjectBuilder().add("beginAtZero", true).add("stacked", stacked);
        if (counts) {
            y.add("ticks", Json.createObjectBuilder().add("precision", 0));
        }
        JsonObjectBuilder x = Json.createObjectBuilder().add("stacked", stacked);
        String json = Json.createObjectBuilder().add("type", type)
                .add("data", Json.createObjectBuilder().add("labels", labels).add("datasets", datasets))
                .add("options", Json.createObjectBuilder().add("animation", false).add("responsive", true)
                        .add("maintainAspectRatio", false)
                        .add("scales", Json.createObjectBuilder().add("x", x).add("y", y)))
                .build().toString();
        // the configuration is written into a script element: no "</script>" may come from a label
        return json.replace("<", "\\u003c");
    }

    private static String seconds(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
