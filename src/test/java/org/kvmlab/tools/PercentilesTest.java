package org.kvmlab.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The nearest-rank percentiles behind the bench's p50 and p95. */
class PercentilesTest {

    private static List<Duration> millis(int... values) {
        return IntStream.of(values).mapToObj(Duration::ofMillis).toList();
    }

    @Test
    void ofOneToTwentyTheMedianIsTheTenthAndP95TheNineteenthWhateverTheOrder() {
        List<Duration> samples = new ArrayList<>(millis(IntStream.rangeClosed(1, 20).toArray()));
        Collections.shuffle(samples, new Random(7));

        Percentiles p = Percentiles.of(samples);

        assertThat(p).isEqualTo(new Percentiles(20, 1, 10, 19, 20));
    }

    @Test
    void ofAHundredP95IsTheNinetyFifthSmallest() {
        Percentiles p = Percentiles.of(millis(IntStream.rangeClosed(1, 100).map(i -> 101 - i).toArray()));

        assertThat(p.p50Ms()).isEqualTo(50);
        assertThat(p.p95Ms()).isEqualTo(95);
    }

    @Test
    void oneSlowOutlierInTwentyDoesNotMoveP95ButTwoDo() {
        int[] fast = IntStream.generate(() -> 10).limit(19).toArray();
        int[] withOne = IntStream.concat(IntStream.of(fast), IntStream.of(900)).toArray();
        int[] withTwo = IntStream.concat(IntStream.of(fast).skip(1), IntStream.of(900, 800)).toArray();

        assertThat(Percentiles.of(millis(withOne)).p95Ms()).isEqualTo(10);
        assertThat(Percentiles.of(millis(withOne)).maxMs()).isEqualTo(900);
        assertThat(Percentiles.of(millis(withTwo)).p95Ms()).isEqualTo(800);
    }

    @Test
    void aSingleSampleIsEveryPercentileAndSubMillisecondsAreKept() {
        assertThat(Percentiles.of(List.of(Duration.ofNanos(1_250_000)))).isEqualTo(new Percentiles(1, 1.25, 1.25,
                1.25, 1.25));
    }

    @Test
    void nothingToSummariseOrAPercentOutsideTheRangeIsAnError() {
        assertThatThrownBy(() -> Percentiles.of(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentiles.rank(List.of(1.0), 0)).hasMessageContaining("(0, 100]");
        assertThatThrownBy(() -> Percentiles.rank(List.of(1.0), 101)).hasMessageContaining("(0, 100]");
    }
}
