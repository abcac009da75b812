package org.kvmlab.grading;

import java.util.List;

/** The outcome of grading a lab (or one step of it). */
public record GradeReport(int score, int maxScore, List<CheckOutcome> checks) {

    public GradeReport {
        checks = List.copyOf(checks);
    }

    public static GradeReport of(List<CheckOutcome> checks) {
        return new GradeReport(checks.stream().mapToInt(CheckOutcome::earned).sum(),
                checks.stream().mapToInt(CheckOutcome::points).sum(), checks);
    }

    /** True when every check passed. */
    public boolean allPassed() {
        return checks.stream().allMatch(CheckOutcome::passed);
    }
}
