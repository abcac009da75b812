package org.kvmlab.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The figures {@code ./kvmlab bench} prints: min, median and max, and a table whose columns line up. */
class BenchTableTest {

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    private static BenchRound round(long startMs, long checkMs, long cycleMs, long solvedMs) {
        Map<BenchFigure, Duration> times = new EnumMap<>(BenchFigure.class);
        times.put(BenchFigure.START_TO_AGENT, ms(startMs));
        times.put(BenchFigure.CHECK_UNTOUCHED, ms(checkMs));
        times.put(BenchFigure.POWER_CYCLE_TO_AGENT, ms(cycleMs));
        times.put(BenchFigure.CHECK_SOLVED, ms(solvedMs));
        return new BenchRound(times);
    }

    @Test
    void theMedianOfAnOddCountIsTheMiddleValueWhateverTheOrder() {
        BenchTable.Spread spread = BenchTable.Spread.of(List.of(ms(30), ms(10), ms(20)));

        assertThat(spread).isEqualTo(new BenchTable.Spread(ms(10), ms(20), ms(30)));
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(BenchTable.Spread.of(List.of(ms(40), ms(10), ms(25), ms(20))).median()).isEqualTo(Duration.ofNanos(22_500_000));
        assertThat(BenchTable.Spread.of(List.of(ms(7))))
                .isEqualTo(new BenchTable.Spread(ms(7), ms(7), ms(7)));
    }

    @Test
    void nothingToSummariseIsAnError() {
        assertThatThrownBy(() -> BenchTable.Spread.of(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BenchTable.format(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRoundNeedsEveryFigure() {
        assertThatThrownBy(() -> new BenchRound(Map.of(BenchFigure.START_TO_AGENT, ms(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("every figure");
    }

    @Test
    void timesAreSecondsWithMilliseconds() {
        assertThat(BenchTable.seconds(Duration.ofNanos(23_412_600_000L))).isEqualTo("23.413 s");
        assertThat(BenchTable.seconds(ms(52))).isEqualTo("0.052 s");
    }

    @Test
    void aLinePerRoundThenMinMedianMaxWithEveryColumnAligned() {
        String table = BenchTable.format(List.of(round(24_102, 431, 20_114, 388), round(3_881, 402, 119_872, 1_371),
                round(23_992, 417, 19_993, 380)));

        assertThat(table).isEqualTo("""
                          start -> agent   check untouched   power cycle -> agent   check solved
                round 1         24.102 s           0.431 s               20.114 s        0.388 s
                round 2          3.881 s           0.402 s              119.872 s        1.371 s
                round 3         23.992 s           0.417 s               19.993 s        0.380 s
                --------------------------------------------------------------------------------
                min              3.881 s           0.402 s               19.993 s        0.380 s
                median          23.992 s           0.417 s               20.114 s        0.388 s
                max             24.102 s           0.431 s              119.872 s        1.371 s
                """);
    }
}
