package org.kvmlab.tools;

import java.time.Duration;
import java.util.Map;

/** The figures of one benchmark round: every {@link BenchFigure}, measured once. */
record BenchRound(Map<BenchFigure, Duration> times) {

    BenchRound {
        if (times.size() != BenchFigure.values().length) {
            throw new IllegalArgumentException("a round needs every figure, got " + times.keySet());
        }
        times = Map.copyOf(times);
    }

    Duration time(BenchFigure figure) {
        return times.get(figure);
    }
}
