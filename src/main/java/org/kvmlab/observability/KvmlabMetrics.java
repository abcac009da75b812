package org.kvmlab.observability;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * The one place the platform reports what it does: boots, gradings and gauges (queue length, pool sizes,
 * sessions per host). Everything is kept in small structures of our own, which the admin page's history reads
 * and unit tests use without a server ({@link #inMemory}); on Payara the same events also go to MicroProfile
 * Metrics ({@link MicroProfileFeed}), which serves them to admins at {@code /metrics} as {@code kvmlab_*}.
 * Recording a boot or a grading never throws: a metric must not break either.
 */
@ApplicationScoped
public class KvmlabMetrics {

    /** Gauge names the admin page charts; register them with {@link #gauge} under these names. */
    public static final String QUEUE_LENGTH = "boot_queue_length";
    public static final String POOL_SIZE = "warm_pool_size";
    public static final String SESSIONS = "sessions";

    /** Upper bounds (seconds) of the boot-time histogram's buckets; the last bucket has no bound. */
    public static final double[] BOOT_BUCKETS = {2, 5, 10, 20, 30, 60};
    /** How far back recent boots and gradings are kept, for the charts' last hour. */
    static final Duration KEPT = Duration.ofHours(1);
    /** A cap on the kept samples, so a flood of boots or gradings cannot grow memory without bound. */
    static final int MAX_KEPT = 20_000;

    private static final Logger LOG = Logger.getLogger(KvmlabMetrics.class.getName());

    @Inject
    Instance<MetricRegistry> registries;

    private final Clock clock;
    private final Map<BootKey, LongAdder> boots = new ConcurrentHashMap<>();
    private final Deque<Boot> recentBoots = new ArrayDeque<>();
    private final Deque<Grading> recentGradings = new ArrayDeque<>();
    private final Map<GaugeKey, Gauge> gauges = new ConcurrentHashMap<>();
    private volatile MicroProfileFeed feed = MicroProfileFeed.NONE;

    /** For CDI: the system clock, and MicroProfile Metrics when the server has it. */
    protected KvmlabMetrics() {
        this(Clock.systemUTC());
    }

    private KvmlabMetrics(Clock clock) {
        this.clock = clock;
    }

    /** Metrics kept in memory only, with the given clock: for tests and tools that run without a server. */
    public static KvmlabMetrics inMemory(Clock clock) {
        return new KvmlabMetrics(clock);
    }

    @PostConstruct
    void connectMicroProfile() {
        try {
            if (registries != null && registries.isResolvable()) {
                feed = new MicroProfileFeed(registries.get(), this::gaugeValue);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "MicroProfile Metrics is not available; metrics stay on the admin page only", e);
        }
    }

    /** A guest boot ended: {@code ok} when the guest runs, {@code fromPool} when a pre-booted guest was handed out. */
    public void bootFinished(String host, String lab, Duration took, boolean ok, boolean fromPool) {
        String hostName = host == null || host.isBlank() ? "unknown" : host;
        Boot boot = new Boot(clock.instant(), hostName, lab, seconds(took), ok, fromPool);
        boots.computeIfAbsent(new BootKey(hostName, ok, fromPool), k -> new LongAdder()).increment();
        keep(recentBoots, boot, Boot::at);
        feed.boot(boot);
    }

    /** A grading ended; {@code agentChecks} when it asked the running guest (slower than reading XML). */
    public void gradingFinished(Duration took, boolean agentChecks) {
        Grading grading = new Grading(clock.instant(), seconds(took), agentChecks);
        keep(recentGradings, grading, Grading::at);
        feed.grading(grading);
    }

    /**
     * Registers a gauge read when metrics are sampled or scraped. Registering the same name and tags again
     * replaces the value supplier (the first description stays): a source that is built anew, such as a host
     * reconnected, must not leave a gauge reading its dead predecessor.
     */
    public void gauge(String name, String description, Map<String, String> tags, Supplier<Number> value) {
        GaugeKey key = new GaugeKey(name, tags);
        Gauge previous = gauges.put(key, new Gauge(description, value));
        if (previous == null) {
            feed.gauge(key, description);
        }
    }

    /** Boots counted since start, by host, outcome and source. */
    public Map<BootKey, Long> bootCounts() {
        Map<BootKey, Long> counts = new LinkedHashMap<>();
        boots.forEach((k, v) -> counts.put(k, v.sum()));
        return counts;
    }

    /** All boots since start that match. */
    public long boots(Predicate<BootKey> which) {
        return boots.entrySet().stream().filter(e -> which.test(e.getKey())).mapToLong(e -> e.getValue().sum()).sum();
    }

    /** Successful boots within {@code window} counted into {@link #BOOT_BUCKETS} (one more for the longest). */
    public long[] bootTimeHistogram(Duration window) {
        Instant since = clock.instant().minus(window);
        long[] counts = new long[BOOT_BUCKETS.length + 1];
        synchronized (recentBoots) {
            for (Boot boot : recentBoots) {
                if (boot.ok() && !boot.at().isBefore(since)) {
                    counts[bucket(boot.seconds())]++;
                }
            }
        }
        return counts;
    }

    /**
     * Boots (succeeded, failed) in each whole minute of the last {@code minutes} minutes, the current minute
     * last: every minute is there, with zeros when nothing booted.
     */
    public java.util.SortedMap<Instant, long[]> bootsPerMinute(int minutes) {
        Instant thisMinute = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        java.util.SortedMap<Instant, long[]> counts = new java.util.TreeMap<>();
        for (int i = minutes - 1; i >= 0; i--) {
            counts.put(thisMinute.minus(Duration.ofMinutes(i)), new long[2]);
        }
        synchronized (recentBoots) {
            for (Boot boot : recentBoots) {
                long[] minute = counts.get(boot.at().truncatedTo(java.time.temporal.ChronoUnit.MINUTES));
                if (minute != null) {
                    minute[boot.ok() ? 0 : 1]++;
                }
            }
        }
        return counts;
    }

    static int bucket(double seconds) {
        for (int i = 0; i < BOOT_BUCKETS.length; i++) {
            if (seconds <= BOOT_BUCKETS[i]) {
                return i;
            }
        }
        return BOOT_BUCKETS.length;
    }

    /** p50 and p95 of the gradings within {@code window}, in seconds; empty when there were none. */
    public Optional<Latency> gradingLatency(Duration window) {
        Instant since = clock.instant().minus(window);
        double[] seconds;
        synchronized (recentGradings) {
            seconds = recentGradings.stream().filter(g -> !g.at().isBefore(since)).mapToDouble(Grading::seconds)
                    .toArray();
        }
        if (seconds.length == 0) {
            return Optional.empty();
        }
        return Optional.of(new Latency(seconds.length, Percentiles.of(seconds, 50), Percentiles.of(seconds, 95)));
    }

    /** Every gauge's value now; a gauge whose source fails is left out (and logged), not fatal. */
    public Map<GaugeKey, Double> readGauges() {
        Map<GaugeKey, Double> values = new LinkedHashMap<>();
        gauges.keySet().stream().sorted(java.util.Comparator.comparing(GaugeKey::name)
                .thenComparing(GaugeKey::label)).forEach(key -> {
                    double value = gaugeValue(key);
                    if (!Double.isNaN(value)) {
                        values.put(key, value);
                    }
                });
        return values;
    }

    /** The description a gauge was first registered with. */
    public Optional<String> description(GaugeKey key) {
        return Optional.ofNullable(gauges.get(key)).map(Gauge::description);
    }

    double gaugeValue(GaugeKey key) {
        Gauge gauge = gauges.get(key);
        if (gauge == null) {
            return Double.NaN;
        }
        try {
            Number value = gauge.value().get();
            return value == null ? Double.NaN : value.doubleValue();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "gauge " + key + " could not be read", e);
            return Double.NaN;
        }
    }

    Instant now() {
        return clock.instant();
    }

    private static <T> void keep(Deque<T> samples, T sample, java.util.function.Function<T, Instant> time) {
        Instant horizon = time.apply(sample).minus(KEPT);
        synchronized (samples) {
            samples.addLast(sample);
            while (samples.size() > MAX_KEPT) {
                samples.removeFirst();
            }
            while (!samples.isEmpty() && time.apply(samples.peekFirst()).isBefore(horizon)) {
                samples.removeFirst();
            }
        }
    }

    private static double seconds(Duration took) {
        return took == null || took.isNegative() ? 0 : took.toNanos() / 1e9;
    }

    /** What boots are counted by. */
    public record BootKey(String host, boolean ok, boolean fromPool) {
    }

    /** Grading latency over a window: how many gradings, and their p50 and p95 in seconds. */
    public record Latency(int count, double p50, double p95) {
    }

    record Boot(Instant at, String host, String lab, double seconds, boolean ok, boolean fromPool) {
    }

    record Grading(Instant at, double seconds, boolean agentChecks) {
    }

    private record Gauge(String description, Supplier<Number> value) {
    }
}
