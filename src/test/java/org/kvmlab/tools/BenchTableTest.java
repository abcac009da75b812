package org.kvmlab.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kvmlab.tools.BenchRow.Unit;
import org.kvmlab.tools.BenchRow.Verdict;

/** What {@code ./kvmlab bench} prints and writes: an aligned table, and JSON with the same figures and samples. */
class BenchTableTest {

    private static List<BenchRow> rows() {
        return List.of(
                BenchRow.info("floor", "floor", 3.4123, Unit.SECONDS),
                BenchRow.atMost("coldStartRatio", "cold start / floor", 1.2345, Unit.RATIO, 1.10, "<= 1.10 x"),
                BenchRow.notMeasured("warmStart", "warm start", "<= 0.500 s", "no pool API"),
                BenchRow.atMost("gradingXpathP95", "grading p95", 12.34, Unit.MILLIS, 100, "<= 100 ms"),
                BenchRow.atLeast("density", "idle guests", 40, Unit.GUESTS, 60, ">= 60 guests"),
                BenchRow.info("memory", "memory per guest", 251.6, Unit.MIB));
    }

    @Test
    void verdictsCompareTheFigureWithItsLimitInclusively() {
        assertThat(BenchRow.atMost("k", "m", 100, Unit.MILLIS, 100, "").verdict()).isEqualTo(Verdict.MET);
        assertThat(BenchRow.atMost("k", "m", 100.1, Unit.MILLIS, 100, "").verdict()).isEqualTo(Verdict.MISSED);
        assertThat(BenchRow.atLeast("k", "m", 60, Unit.GUESTS, 60, "").verdict()).isEqualTo(Verdict.MET);
        assertThat(BenchRow.atLeast("k", "m", 59, Unit.GUESTS, 60, "").verdict()).isEqualTo(Verdict.MISSED);
    }

    @Test
    void aColumnPerMeasureValueTargetAndVerdictWithFiguresRightAligned() {
        assertThat(BenchTable.format(rows())).isEqualTo("""
                measure                         value  target        verdict
                ------------------------------------------------------------
                floor                         3.412 s
                cold start / floor             1.23 x  <= 1.10 x     MISSED
                warm start          n/a (no pool API)  <= 0.500 s    n/a
                grading p95                   12.3 ms  <= 100 ms     ok
                idle guests                 40 guests  >= 60 guests  MISSED
                memory per guest              252 MiB
                """);
    }

    @Test
    void nothingToPrintIsAnError() {
        assertThatThrownBy(() -> BenchTable.format(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theJsonHoldsEveryRowTheRawSamplesTheDensityCurveAndTheProblems() throws Exception {
        BenchReport report = new BenchReport();
        report.host("cpus", 2);
        report.option("rounds", 3);
        rows().forEach(report::add);
        report.samples("floor", List.of(Duration.ofMillis(3412), Duration.ofNanos(3_500_500_000L)));
        report.density(new BenchReport.DensityPoint(10, 251.6, 230.2, Percentiles.of(List.of(Duration.ofMillis(7))),
                42.5));
        report.problem("something went wrong");

        JsonNode json = new ObjectMapper().readTree(report.json());

        assertThat(json.path("host").path("cpus").asInt()).isEqualTo(2);
        assertThat(json.path("options").path("rounds").asInt()).isEqualTo(3);
        assertThat(json.path("rows")).hasSize(6);
        JsonNode ratio = json.path("rows").get(1);
        assertThat(ratio.path("key").asText()).isEqualTo("coldStartRatio");
        assertThat(ratio.path("value").asDouble()).isEqualTo(1.2345);
        assertThat(ratio.path("unit").asText()).isEqualTo("x");
        assertThat(ratio.path("verdict").asText()).isEqualTo("missed");
        JsonNode warm = json.path("rows").get(2);
        assertThat(warm.path("value").isNull()).isTrue();
        assertThat(warm.path("verdict").asText()).isEqualTo("not_measured");
        assertThat(warm.path("note").asText()).isEqualTo("no pool API");
        assertThat(json.path("samplesMs").path("floor").get(1).asDouble()).isEqualTo(3500.5);
        assertThat(json.path("density").get(0).path("guests").asInt()).isEqualTo(10);
        assertThat(json.path("density").get(0).path("gradingP95Ms").asDouble()).isEqualTo(7.0);
        assertThat(json.path("problems").get(0).asText()).isEqualTo("something went wrong");
    }
}
