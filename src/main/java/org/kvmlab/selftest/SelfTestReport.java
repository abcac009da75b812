package org.kvmlab.selftest;

import java.time.Duration;
import java.util.List;

/**
 * What a lab's self-test found: for each check, what it said on the untouched guest and after its step's
 * reference solution, and whether that is what a sound lab needs.
 *
 * @param failure why the run could not go on (e.g. the guest did not start), or null
 */
public record SelfTestReport(String labId, List<Row> rows, List<String> leftovers, String failure,
                             Duration wallTime) {

    public SelfTestReport {
        rows = List.copyOf(rows);
        leftovers = List.copyOf(leftovers);
    }

    /** One check's two verdicts. {@code after} is null when the run stopped before its step. */
    public record Row(String step, String check, boolean passesAtStart, String start, boolean startOk,
                      String after, boolean afterOk, String message) {
        public boolean ok() {
            return startOk && afterOk;
        }
    }

    public boolean passed() {
        return failure == null && leftovers.isEmpty() && !rows.isEmpty() && rows.stream().allMatch(Row::ok);
    }

    /** The per-check table the command line prints. */
    public String table() {
        StringBuilder out = new StringBuilder();
        int width = Math.max(24, rows.stream().mapToInt(r -> r.step().length() + r.check().length() + 1).max()
                .orElse(0));
        out.append(String.format("  %-" + width + "s  %-24s  %-18s%n", "step/check", "untouched guest",
                "after solution"));
        for (Row r : rows) {
            out.append(String.format("  %-" + width + "s  %-24s  %-18s%s%n", r.step() + "/" + r.check(),
                    mark(r.startOk) + " " + r.start() + (r.passesAtStart() ? " (expected)" : ""),
                    r.after() == null ? "-" : mark(r.afterOk) + " " + r.after(),
                    r.ok() || r.message() == null ? "" : "  " + r.message()));
        }
        leftovers.forEach(l -> out.append("  LEFT BEHIND: ").append(l).append('\n'));
        if (failure != null) {
            out.append("  STOPPED: ").append(failure).append('\n');
        }
        return out.toString();
    }

    private static String mark(boolean ok) {
        return ok ? "ok  " : "FAIL";
    }
}
