package org.kvmlab.tools;

import java.util.Locale;

/**
 * One line of the benchmark's result: what was measured, the figure (absent when it could not be measured, with
 * the reason), the target it is held to and whether it met it.
 *
 * @param key    stable id of the measure in the JSON file
 * @param value  the figure in {@code unit}, or null when it could not be measured ({@code note} says why)
 * @param target the target as text, empty when the figure is for information only
 */
record BenchRow(String key, String measure, Double value, Unit unit, String target, Verdict verdict, String note) {

    /** How a figure is written. */
    enum Unit {
        SECONDS("s", "%.3f s"), MILLIS("ms", "%.1f ms"), RATIO("x", "%.2f x"), MIB("MiB", "%.0f MiB"),
        GUESTS("guests", "%.0f guests"), COUNT("", "%.0f");

        private final String symbol;
        private final String format;

        Unit(String symbol, String format) {
            this.symbol = symbol;
            this.format = format;
        }

        String symbol() {
            return symbol;
        }

        String format(double value) {
            return String.format(Locale.ROOT, format, value);
        }
    }

    /** Whether a figure met its target; ASCII words, as the console may not be UTF-8. */
    enum Verdict {
        MET("ok"), MISSED("MISSED"), INFO(""), NOT_MEASURED("n/a");

        private final String word;

        Verdict(String word) {
            this.word = word;
        }

        String word() {
            return word;
        }
    }

    /** A figure held to an upper limit. */
    static BenchRow atMost(String key, String measure, double value, Unit unit, double limit, String target) {
        return new BenchRow(key, measure, value, unit, target, value <= limit ? Verdict.MET : Verdict.MISSED, "");
    }

    /** A figure held to a lower limit. */
    static BenchRow atLeast(String key, String measure, double value, Unit unit, double limit, String target) {
        return new BenchRow(key, measure, value, unit, target, value >= limit ? Verdict.MET : Verdict.MISSED, "");
    }

    /** A figure without a target. */
    static BenchRow info(String key, String measure, double value, Unit unit) {
        return new BenchRow(key, measure, value, unit, "", Verdict.INFO, "");
    }

    /** A measure that could not be taken, and why. */
    static BenchRow notMeasured(String key, String measure, String target, String why) {
        return new BenchRow(key, measure, null, null, target, Verdict.NOT_MEASURED, why);
    }

    /** The figure as the table shows it. */
    String valueText() {
        return value == null ? "n/a (" + note + ")" : unit.format(value);
    }
}
