package org.kvmlab.tools;

import java.time.Duration;
import java.util.List;

/**
 * Summary of a set of timings by the nearest-rank method: the p-th percentile is the smallest sample that at
 * least p % of the samples do not exceed. It is always one of the measured values (no interpolation), so a p95
 * of 20 samples is the 19th smallest.
 */
record Percentiles(int count, double minMs, double p50Ms, double p95Ms, double maxMs) {

    static Percentiles of(List<Duration> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        List<Double> sorted = samples.stream().map(Percentiles::millis).sorted().toList();
        return new Percentiles(sorted.size(), sorted.get(0), rank(sorted, 50), rank(sorted, 95),
                sorted.get(sorted.size() - 1));
    }

    /** The nearest-rank percentile of ascending values. */
    static double rank(List<Double> ascending, double percent) {
        if (percent <= 0 || percent > 100) {
            throw new IllegalArgumentException("a percentile lies in (0, 100], not " + percent);
        }
        int index = (int) Math.ceil(percent / 100 * ascending.size()) - 1;
        return ascending.get(Math.max(0, index));
    }

    static double millis(Duration d) {
        return d.toNanos() / 1e6;
    }
}
