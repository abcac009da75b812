package org.kvmlab.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankOfUnsortedValues() {
        double[] values = {15, 20, 35, 40, 50};
        assertThat(Percentiles.of(new double[] {50, 15, 40, 20, 35}, 30)).isEqualTo(20);
        assertThat(Percentiles.of(values, 40)).isEqualTo(20);
        assertThat(Percentiles.of(values, 50)).isEqualTo(35);
        assertThat(Percentiles.of(values, 100)).isEqualTo(50);
        assertThat(Percentiles.of(values, 1)).isEqualTo(15);
    }

    @Test
    void oneValueIsEveryPercentileAndNoneIsNaN() {
        assertThat(Percentiles.of(new double[] {4.2}, 50)).isEqualTo(4.2);
        assertThat(Percentiles.of(new double[] {4.2}, 95)).isEqualTo(4.2);
        assertThat(Percentiles.of(new double[0], 50)).isNaN();
    }

    @Test
    void theInputIsLeftAsItWas() {
        double[] values = {3, 1, 2};
        Percentiles.of(values, 50);
        assertThat(values).containsExactly(3, 1, 2);
    }

    @Test
    void aPercentileOutsideZeroToHundredIsRefused() {
        assertThatThrownBy(() -> Percentiles.of(new double[] {1}, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentiles.of(new double[] {1}, 101)).isInstanceOf(IllegalArgumentException.class);
    }
}
