package org.kvmlab.observability;

import java.util.Arrays;

/**
 * Nearest-rank percentiles of a handful of durations. The grading chart needs p50 and p95 of the last minute's
 * few dozen gradings at most; sorting them is exact and cheaper to read than a streaming estimator.
 */
final class Percentiles {

    private Percentiles() {
    }

    /**
     * The {@code p}-th percentile (0 &lt; p ≤ 100) of {@code values} by nearest rank: the smallest value with at
     * least p % of the values at or below it. NaN when there are no values.
     */
    static double of(double[] values, double p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("a percentile lies in (0, 100]: " + p);
        }
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }
}
