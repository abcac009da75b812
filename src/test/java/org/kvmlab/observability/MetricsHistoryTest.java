package org.kvmlab.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MetricsHistoryTest {

    private final TestClock clock = new TestClock();
    private final KvmlabMetrics metrics = KvmlabMetrics.inMemory(clock);
    private final MetricsHistory history = new MetricsHistory(metrics);

    @Test
    void aSampleHoldsTheCountersGaugesAndLastMinutesGrading() {
        AtomicInteger sessions = new AtomicInteger(4);
        metrics.gauge(KvmlabMetrics.SESSIONS, "live sessions", Map.of("host", "h1"), sessions::get);
        metrics.bootFinished("h1", "lab", Duration.ofSeconds(3), true, false);
        metrics.bootFinished("h1", "lab", Duration.ofSeconds(3), false, false);
        metrics.gradingFinished(Duration.ofSeconds(2), false);

        MetricsHistory.Sample first = history.sample();
        assertThat(first.at()).isEqualTo(clock.instant());
        assertThat(first.boots()).isEqualTo(2);
        assertThat(first.failedBoots()).isEqualTo(1);
        assertThat(first.grading()).map(KvmlabMetrics.Latency::p50).contains(2.0);
        assertThat(first.gauges()).containsEntry(new GaugeKey(KvmlabMetrics.SESSIONS, Map.of("host", "h1")), 4.0);

        clock.advance(Duration.ofSeconds(61));
        sessions.set(6);
        MetricsHistory.Sample second = history.sample();
        assertThat(second.grading()).as("the grading is over a minute old").isEmpty();
        assertThat(second.gauges()).containsValue(6.0);
        assertThat(history.samples()).containsExactly(first, second);
    }

    @Test
    void keepsOneHourOfSamples() {
        int perHour = (int) (MetricsHistory.SPAN.toSeconds() / MetricsHistory.EVERY.toSeconds());
        assertThat(perHour).isEqualTo(360);
        for (int i = 0; i < perHour + 5; i++) {
            metrics.bootFinished("h", "lab", Duration.ofSeconds(1), true, false);
            history.sample();
            clock.advance(MetricsHistory.EVERY);
        }
        List<MetricsHistory.Sample> samples = history.samples();
        assertThat(samples).hasSize(perHour);
        assertThat(samples.get(0).boots()).as("the five oldest fell out").isEqualTo(6);
        assertThat(samples.get(perHour - 1).boots()).isEqualTo(perHour + 5);
        assertThat(Duration.between(samples.get(0).at(), samples.get(perHour - 1).at()))
                .isEqualTo(MetricsHistory.SPAN.minus(MetricsHistory.EVERY));
    }
}
