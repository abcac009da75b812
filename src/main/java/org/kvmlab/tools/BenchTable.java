package org.kvmlab.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark's rows as a table to read at a glance: measure, value, target, verdict, with figures
 * right-aligned so they compare down the column.
 */
final class BenchTable {

    private static final String GAP = "  ";
    private static final List<String> HEADINGS = List.of("measure", "value", "target", "verdict");

    private BenchTable() {
    }

    static String format(List<BenchRow> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no rows");
        }
        List<List<String>> cells = new ArrayList<>();
        cells.add(HEADINGS);
        for (BenchRow row : rows) {
            cells.add(List.of(row.measure(), row.valueText(), row.target(), row.verdict().word()));
        }
        int[] widths = new int[HEADINGS.size()];
        for (List<String> line : cells) {
            for (int c = 0; c < widths.length; c++) {
                widths[c] = Math.max(widths[c], line.get(c).length());
            }
        }
        StringBuilder table = new StringBuilder();
        for (int r = 0; r < cells.size(); r++) {
            List<String> line = cells.get(r);
            StringBuilder text = new StringBuilder();
            text.append(pad(line.get(0), widths[0], false)).append(GAP)
                    .append(pad(line.get(1), widths[1], true)).append(GAP)
                    .append(pad(line.get(2), widths[2], false)).append(GAP)
                    .append(line.get(3));
            table.append(text.toString().stripTrailing()).append('\n');
            if (r == 0) {
                table.append("-".repeat(widths[0] + widths[1] + widths[2] + widths[3] + 3 * GAP.length()))
                        .append('\n');
            }
        }
        return table.toString();
    }

    private static String pad(String text, int width, boolean right) {
        return String.format(Locale.ROOT, "%" + (right ? "" : "-") + width + "s", text);
    }
}
