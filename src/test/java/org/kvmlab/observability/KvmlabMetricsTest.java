package org.kvmlab.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KvmlabMetricsTest {

    private final TestClock clock = new TestClock();
    private final KvmlabMetrics metrics = KvmlabMetrics.inMemory(clock);

    @Test
    void bootsAreCountedByHostOutcomeAndSource() {
        metrics.bootFinished("h1", "lab", Duration.ofSeconds(3), true, false);
        metrics.bootFinished("h1", "lab", Duration.ofSeconds(4), true, false);
        metrics.bootFinished("h1", "lab", Duration.ofSeconds(1), false, false);
        metrics.bootFinished("h2", "lab", Duration.ofMillis(50), true, true);
        metrics.bootFinished(null, "lab", Duration.ofSeconds(1), true, false);

        assertThat(metrics.bootCounts()).containsOnly(
                Map.entry(new KvmlabMetrics.BootKey("h1", true, false), 2L),
                Map.entry(new KvmlabMetrics.BootKey("h1", false, false), 1L),
                Map.entry(new KvmlabMetrics.BootKey("h2", true, true), 1L),
                Map.entry(new KvmlabMetrics.BootKey("unknown", true, false), 1L));
        assertThat(metrics.boots(k -> true)).isEqualTo(5);
        assertThat(metrics.boots(k -> !k.ok())).isEqualTo(1);
        assertThat(metrics.boots(KvmlabMetrics.BootKey::fromPool)).isEqualTo(1);
    }

    @Test
    void bootTimesFallIntoBucketsByTheirUpperBound() {
        // buckets: ≤2, ≤5, ≤10, ≤20, ≤30, ≤60, over 60
        for (double seconds : new double[] {0.4, 2.0, 2.001, 5, 9.9, 60, 61, 600}) {
            metrics.bootFinished("h", "lab", Duration.ofNanos((long) (seconds * 1e9)), true, false);
        }
        metrics.bootFinished("h", "lab", Duration.ofSeconds(1), false, false); // failed boots are not boot times

        assertThat(metrics.bootTimeHistogram(Duration.ofHours(1))).containsExactly(2, 2, 1, 0, 0, 1, 2);
    }

    @Test
    void theHistogramCoversOnlyItsWindowAndForgetsBootsOlderThanAnHour() {
        metrics.bootFinished("h", "lab", Duration.ofSeconds(3), true, false);
        clock.advance(Duration.ofMinutes(30));
        metrics.bootFinished("h", "lab", Duration.ofSeconds(15), true, false);

        assertThat(metrics.bootTimeHistogram(Duration.ofMinutes(10))).containsExactly(0, 0, 0, 1, 0, 0, 0);
        assertThat(metrics.bootTimeHistogram(Duration.ofHours(1))).containsExactly(0, 1, 0, 1, 0, 0, 0);

        clock.advance(Duration.ofMinutes(31));
        metrics.bootFinished("h", "lab", Duration.ofSeconds(45), true, false);
        // the first boot is now over an hour old: dropped, even for a wider window
        assertThat(metrics.bootTimeHistogram(Duration.ofHours(3))).containsExactly(0, 0, 0, 1, 0, 1, 0);
        // the counters are totals since start and keep it
        assertThat(metrics.boots(k -> true)).isEqualTo(3);
    }

    @Test
    void gradingLatencyIsP50AndP95OfTheWindow() {
        assertThat(metrics.gradingLatency(Duration.ofMinutes(1))).isEmpty();
        metrics.gradingFinished(Duration.ofSeconds(500), true); // before the window
        clock.advance(Duration.ofMinutes(5));
        for (int i = 100; i >= 1; i--) { // 1 … 100 seconds, in no helpful order
            metrics.gradingFinished(Duration.ofSeconds(i), i % 2 == 0);
        }

        KvmlabMetrics.Latency latency = metrics.gradingLatency(Duration.ofMinutes(1)).orElseThrow();
        assertThat(latency.count()).isEqualTo(100);
        assertThat(latency.p50()).isEqualTo(50.0);
        assertThat(latency.p95()).isEqualTo(95.0);
        assertThat(metrics.gradingLatency(Duration.ofMinutes(10)).orElseThrow().p95()).isEqualTo(96.0);
    }

    @Test
    void registeringAGaugeAgainReplacesItsSupplierAndKeepsOneGauge() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("host", "h1");
        tags.put("pool", "virtio");
        metrics.gauge(KvmlabMetrics.POOL_SIZE, "first", tags, () -> 1);
        Map<String, String> sameTagsOtherOrder = new LinkedHashMap<>();
        sameTagsOtherOrder.put("pool", "virtio");
        sameTagsOtherOrder.put("host", "h1");
        metrics.gauge(KvmlabMetrics.POOL_SIZE, "second", sameTagsOtherOrder, () -> 7);
        metrics.gauge(KvmlabMetrics.POOL_SIZE, "other host", Map.of("host", "h2", "pool", "virtio"), () -> 3);

        GaugeKey h1 = new GaugeKey(KvmlabMetrics.POOL_SIZE, tags);
        assertThat(metrics.readGauges()).containsOnly(Map.entry(h1, 7.0),
                Map.entry(new GaugeKey(KvmlabMetrics.POOL_SIZE, Map.of("host", "h2", "pool", "virtio")), 3.0));
        assertThat(metrics.description(h1)).contains("second");
    }

    @Test
    void gaugesAreReadEachTimeAndAFailingOneIsLeftOut() {
        AtomicInteger queue = new AtomicInteger(2);
        metrics.gauge(KvmlabMetrics.QUEUE_LENGTH, "queued boots", Map.of(), queue::get);
        metrics.gauge("broken", "throws", Map.of(), () -> {
            throw new IllegalStateException("the host registry is gone");
        });
        metrics.gauge("nothing", "null", null, () -> null);

        assertThat(metrics.readGauges())
                .containsOnly(Map.entry(new GaugeKey(KvmlabMetrics.QUEUE_LENGTH, Map.of()), 2.0));
        queue.set(5);
        assertThat(metrics.readGauges()).containsValue(5.0);
    }
}
