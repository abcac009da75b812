package org.kvmlab.tools;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The figures of a benchmark as a table to read at a glance: a line per round, then the min, median and max of
 * each figure. Every time is in seconds with milliseconds, so columns compare without reading units.
 */
final class BenchTable {

    private static final String GAP = "   ";

    private BenchTable() {
    }

    /** Min, median and max of one figure over the rounds; the median of an even count is the mean of the middle two. */
    record Spread(Duration min, Duration median, Duration max) {

        static Spread of(List<Duration> values) {
            if (values.isEmpty()) {
                throw new IllegalArgumentException("no values");
            }
            List<Duration> sorted = values.stream().sorted().toList();
            int n = sorted.size();
            Duration median = n % 2 == 1 ? sorted.get(n / 2)
                    : sorted.get(n / 2 - 1).plus(sorted.get(n / 2)).dividedBy(2);
            return new Spread(sorted.get(0), median, sorted.get(n - 1));
        }
    }

    static String format(List<BenchRound> rounds) {
        if (rounds.isEmpty()) {
            throw new IllegalArgumentException("no rounds");
        }
        List<String> labels = new ArrayList<>();
        List<List<String>> cells = new ArrayList<>();
        for (int i = 0; i < rounds.size(); i++) {
            BenchRound round = rounds.get(i);
            labels.add("round " + (i + 1));
            cells.add(figures().stream().map(f -> seconds(round.time(f))).toList());
        }
        List<Spread> spreads = figures().stream()
                .map(f -> Spread.of(rounds.stream().map(r -> r.time(f)).toList())).toList();
        labels.addAll(List.of("min", "median", "max"));
        cells.add(spreads.stream().map(s -> seconds(s.min())).toList());
        cells.add(spreads.stream().map(s -> seconds(s.median())).toList());
        cells.add(spreads.stream().map(s -> seconds(s.max())).toList());
        return render(labels, cells, rounds.size());
    }

    /** A time as the table shows it, e.g. {@code 23.412 s}. */
    static String seconds(Duration time) {
        return String.format(Locale.ROOT, "%.3f s", time.toNanos() / 1e9);
    }

    private static String render(List<String> labels, List<List<String>> cells, int roundLines) {
        int labelWidth = labels.stream().mapToInt(String::length).max().orElse(0);
        List<Integer> widths = new ArrayList<>();
        for (int c = 0; c < figures().size(); c++) {
            int column = c;
            widths.add(Math.max(figures().get(c).label().length(),
                    cells.stream().mapToInt(row -> row.get(column).length()).max().orElse(0)));
        }
        StringBuilder table = new StringBuilder();
        line(table, "", figures().stream().map(BenchFigure::label).toList(), labelWidth, widths);
        for (int r = 0; r < labels.size(); r++) {
            if (r == roundLines) {
                int width = labelWidth + widths.stream().mapToInt(w -> GAP.length() + w).sum();
                table.append("-".repeat(width)).append('\n');
            }
            line(table, labels.get(r), cells.get(r), labelWidth, widths);
        }
        return table.toString();
    }

    private static void line(StringBuilder table, String label, List<String> cells, int labelWidth,
                             List<Integer> widths) {
        table.append(String.format(Locale.ROOT, "%-" + labelWidth + "s", label));
        for (int c = 0; c < cells.size(); c++) {
            table.append(GAP).append(String.format(Locale.ROOT, "%" + widths.get(c) + "s", cells.get(c)));
        }
        table.append('\n');
    }

    private static List<BenchFigure> figures() {
        return List.of(BenchFigure.values());
    }
}
