package org.kvmlab.observability;

import java.time.Duration;
import java.util.function.ToDoubleFunction;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Hands {@link KvmlabMetrics}' events to MicroProfile Metrics' application registry, which Payara serves at
 * {@code /metrics} in Prometheus text. Every name starts with {@code kvmlab_}. Failures are logged, never thrown.
 */
class MicroProfileFeed {

    /** No MicroProfile Metrics (unit tests, tools): events stay in {@link KvmlabMetrics} alone. */
    static final MicroProfileFeed NONE = new MicroProfileFeed(null, k -> Double.NaN);

    private static final Logger LOG = Logger.getLogger(MicroProfileFeed.class.getName());
    private static final String PREFIX = "kvmlab_";

    private final MetricRegistry registry;
    private final ToDoubleFunction<GaugeKey> gauges;

    MicroProfileFeed(MetricRegistry registry, ToDoubleFunction<GaugeKey> gauges) {
        this.registry = registry;
        this.gauges = gauges;
    }

    void boot(KvmlabMetrics.Boot boot) {
        if (registry == null) {
            return;
        }
        safely("kvmlab_boots", () -> {
            Tag[] tags = {new Tag("host", boot.host()), new Tag("outcome", boot.ok() ? "ok" : "failed"),
                    new Tag("source", boot.fromPool() ? "pool" : "fresh")};
            registry.counter(metadata("boots", "Guest boots, by host, outcome and source (a warm pool or fresh)",
                    MetricUnits.NONE), tags).inc();
            registry.timer(metadata("boot_time", "Time from asking for a lab's guests to their running",
                    MetricUnits.SECONDS), tags).update(Duration.ofNanos((long) (boot.seconds() * 1e9)));
        });
    }

    void grading(KvmlabMetrics.Grading grading) {
        if (registry == null) {
            return;
        }
        safely("kvmlab_grading", () -> registry.timer(metadata("grading", "Time to grade a learner's work",
                        MetricUnits.SECONDS), new Tag("agent_checks", Boolean.toString(grading.agentChecks())))
                .update(Duration.ofNanos((long) (grading.seconds() * 1e9))));
    }

    /** Registers once; the value is read through {@link KvmlabMetrics}, so a replaced supplier takes effect. */
    void gauge(GaugeKey key, String description) {
        if (registry == null) {
            return;
        }
        safely(PREFIX + key.name(), () -> {
            Tag[] tags = key.tags().entrySet().stream().map(e -> new Tag(e.getKey(), e.getValue())).toArray(Tag[]::new);
            registry.gauge(metadata(key.name(), description, MetricUnits.NONE), () -> gauges.applyAsDouble(key),
                    tags);
        });
    }

    private static Metadata metadata(String name, String description, String unit) {
        return Metadata.builder().withName(name.startsWith(PREFIX) ? name : PREFIX + name)
                .withDescription(description == null ? "" : description).withUnit(unit).build();
    }

    private static void safely(String metric, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            // e.g. a name reused with other tag names, which MicroProfile Metrics refuses
            LOG.log(Level.WARNING, "metric " + metric + " was not recorded in MicroProfile Metrics", e);
        }
    }
}
