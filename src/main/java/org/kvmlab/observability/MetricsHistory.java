package org.kvmlab.observability;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The last hour of the platform's metrics, for the admin page's charts: every {@link #EVERY} a sample of the
 * boot counters, the gauges and the grading latency goes into a ring buffer, the oldest falling out. Kept in
 * memory only: after a restart the charts start empty (Prometheus, scraping {@code /metrics}, keeps history).
 */
@ApplicationScoped
public class MetricsHistory {

    public static final Duration EVERY = Duration.ofSeconds(10);
    public static final Duration SPAN = Duration.ofHours(1);
    /** Grading latency per sample is over this window: a 10 s window would mostly be empty and jumpy. */
    static final Duration GRADING_WINDOW = Duration.ofMinutes(1);

    private static final Logger LOG = Logger.getLogger(MetricsHistory.class.getName());

    @Inject
    KvmlabMetrics metrics;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final RingBuffer<Sample> samples = new RingBuffer<>((int) (SPAN.toSeconds() / EVERY.toSeconds()));
    private ScheduledFuture<?> sampling;

    /** For CDI. */
    protected MetricsHistory() {
    }

    /** A history of {@code metrics} sampled by calling {@link #sample()}: for tests. */
    public MetricsHistory(KvmlabMetrics metrics) {
        this.metrics = metrics;
    }

    /** One point of the history. {@code boots} and {@code failedBoots} count since start. */
    public record Sample(Instant at, long boots, long failedBoots, Optional<KvmlabMetrics.Latency> grading,
                         Map<GaugeKey, Double> gauges) {
    }

    void startSampling(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        long every = EVERY.toMillis();
        sampling = scheduler.scheduleAtFixedRate(this::sampleQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stopSampling() {
        if (sampling != null) {
            sampling.cancel(false);
        }
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (RuntimeException e) {
            // a failed sample leaves a gap in the charts; the next one comes in 10 s
            LOG.log(Level.WARNING, "metrics sample failed", e);
        }
    }

    /** Takes a sample now and keeps it. */
    public Sample sample() {
        Sample sample = new Sample(metrics.now(), metrics.boots(k -> true), metrics.boots(k -> !k.ok()),
                metrics.gradingLatency(GRADING_WINDOW), Map.copyOf(metrics.readGauges()));
        synchronized (samples) {
            samples.add(sample);
        }
        return sample;
    }

    /** The samples of the last hour, oldest first. */
    public List<Sample> samples() {
        synchronized (samples) {
            return samples.toList();
        }
    }

    /** The metrics the samples come from (for the histogram of boot times, which is not a time series). */
    public KvmlabMetrics metrics() {
        return metrics;
    }
}
