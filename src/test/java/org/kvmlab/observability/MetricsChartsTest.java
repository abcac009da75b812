package org.kvmlab.observability;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MetricsChartsTest {

    private final TestClock clock = new TestClock(); // starts at 10:00:00 UTC
    private final KvmlabMetrics metrics = KvmlabMetrics.inMemory(clock);
    private final MetricsHistory history = new MetricsHistory(metrics);

    private MetricsCharts charts() {
        return new MetricsCharts(history, ZoneOffset.UTC);
    }

    private static JsonObject parse(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }

    private static List<Integer> ints(JsonArray array) {
        return array.getValuesAs(jakarta.json.JsonNumber.class).stream().map(n -> n.intValue()).toList();
    }

    @Test
    void withNothingRecordedEveryChartIsEmpty() {
        history.sample();
        clock.advance(MetricsHistory.EVERY);
        history.sample();
        MetricsCharts charts = charts();
        assertThat(charts.bootsPerMinute()).isNull();
        assertThat(charts.bootTimes()).isNull();
        assertThat(charts.gauge(KvmlabMetrics.QUEUE_LENGTH)).isNull();
        assertThat(charts.gradingLatency()).isNull();
    }

    @Test
    void bootsPerMinuteCoverEveryMinuteOfTheLastHourEvenBeforeTheFirstSample() {
        clock.advance(Duration.ofSeconds(10)); // 10:00:10
        metrics.bootFinished("h", "lab", Duration.ofSeconds(3), true, false);
        metrics.bootFinished("h", "lab", Duration.ofSeconds(3), false, false);
        clock.advance(Duration.ofSeconds(60)); // 10:01:10
        metrics.bootFinished("h", "lab", Duration.ofSeconds(3), true, false);
        metrics.bootFinished("h", "lab", Duration.ofSeconds(3), true, false);

        JsonObject chart = parse(charts().bootsPerMinute());
        assertThat(chart.getString("type")).isEqualTo("bar");
        List<String> labels = chart.getJsonObject("data").getJsonArray("labels")
                .getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList();
        assertThat(labels).hasSize(60).startsWith("09:02").endsWith("10:00", "10:01");
        JsonArray datasets = chart.getJsonObject("data").getJsonArray("datasets");
        assertThat(datasets.getJsonObject(0).getString("label")).isEqualTo("Booted");
        List<Integer> booted = ints(datasets.getJsonObject(0).getJsonArray("data"));
        List<Integer> failed = ints(datasets.getJsonObject(1).getJsonArray("data"));
        assertThat(booted.subList(58, 60)).containsExactly(1, 2);
        assertThat(failed.subList(58, 60)).containsExactly(1, 0);
        assertThat(booted.subList(0, 58)).containsOnly(0);

        clock.advance(Duration.ofHours(1));
        assertThat(charts().bootsPerMinute()).as("an hour later").isNull();
    }

    @Test
    void bootTimesAreAHistogramOfTheLastHour() {
        metrics.bootFinished("h", "lab", Duration.ofSeconds(4), true, false);
        metrics.bootFinished("h", "lab", Duration.ofSeconds(90), true, false);
        JsonObject chart = parse(charts().bootTimes());
        assertThat(chart.getJsonObject("data").getJsonArray("labels").getString(0)).isEqualTo("0–2 s");
        assertThat(chart.getJsonObject("data").getJsonArray("labels").getString(6)).isEqualTo("over 60 s");
        assertThat(ints(chart.getJsonObject("data").getJsonArray("datasets").getJsonObject(0).getJsonArray("data")))
                .containsExactly(0, 1, 0, 0, 0, 0, 1);
    }

    @Test
    void aGaugeHasOneLinePerTagSetWithGapsWhereASampleLacksIt() {
        AtomicInteger h1 = new AtomicInteger(1);
        metrics.gauge(KvmlabMetrics.SESSIONS, "live", Map.of("host", "h1"), h1::get);
        history.sample();
        clock.advance(MetricsHistory.EVERY);
        metrics.gauge(KvmlabMetrics.SESSIONS, "live", Map.of("host", "h2"), () -> 5);
        h1.set(2);
        history.sample();

        JsonObject chart = parse(charts().gauge(KvmlabMetrics.SESSIONS));
        JsonArray datasets = chart.getJsonObject("data").getJsonArray("datasets");
        assertThat(datasets).hasSize(2);
        assertThat(datasets.getJsonObject(0).getString("label")).isEqualTo("host=h1");
        assertThat(datasets.getJsonObject(0).getJsonArray("data").toString()).isEqualTo("[1.0,2.0]");
        assertThat(datasets.getJsonObject(1).getString("label")).isEqualTo("host=h2");
        assertThat(datasets.getJsonObject(1).getJsonArray("data").toString()).isEqualTo("[null,5.0]");
        assertThat(charts().gauge(KvmlabMetrics.POOL_SIZE)).as("another gauge's name").isNull();
    }

    @Test
    void gradingLatencyShowsP50AndP95() {
        metrics.gradingFinished(Duration.ofSeconds(1), false);
        metrics.gradingFinished(Duration.ofSeconds(3), true);
        history.sample();
        JsonArray datasets = parse(charts().gradingLatency()).getJsonObject("data").getJsonArray("datasets");
        assertThat(datasets.getJsonObject(0).getString("label")).isEqualTo("p50");
        assertThat(datasets.getJsonObject(0).getJsonArray("data").getJsonNumber(0).doubleValue()).isEqualTo(1.0);
        assertThat(datasets.getJsonObject(1).getJsonArray("data").getJsonNumber(0).doubleValue()).isEqualTo(3.0);
    }

    @Test
    void aLabelCannotCloseTheScriptTheConfigurationIsWrittenInto() {
        metrics.gauge(KvmlabMetrics.SESSIONS, "live", Map.of("host", "</script><script>alert(1)"), () -> 1);
        history.sample();
        String json = charts().gauge(KvmlabMetrics.SESSIONS);
        assertThat(json).doesNotContain("<");
        assertThat(parse(json).getJsonObject("data").getJsonArray("datasets").getJsonObject(0).getString("label"))
                .isEqualTo("host=</script><script>alert(1)");
    }
}
