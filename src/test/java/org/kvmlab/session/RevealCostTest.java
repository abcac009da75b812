package org.kvmlab.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kvmlab.catalog.Lab;
import org.kvmlab.grading.CheckOutcome;
import org.kvmlab.grading.CheckOutcome.Status;
import org.kvmlab.grading.GradeReport;
import org.kvmlab.testing.Labs;

/** A shown solution costs the lab's reveal cost from that step only, never below zero. */
class RevealCostTest {

    private final Lab lab = Labs.lab("virtio-devices");

    private static CheckOutcome passed(String step, String check, int points) {
        return new CheckOutcome(check, step, check, Status.PASSED, "", "/guides/x#y", points, points);
    }

    @Test
    void onlyTheRevealedStepPays() {
        GradeReport report = GradeReport.of(List.of(passed("disk", "a", 2), passed("nic", "b", 2),
                passed("legacy", "c", 1)));
        GradeReport costed = SessionService.withRevealCost(lab, lab.steps(), report,
                Map.of("nic/SOLUTION", 1L, "disk/HINT", 3L));
        assertThat(lab.revealCost()).isEqualTo(1);
        assertThat(costed.score()).isEqualTo(4);
        assertThat(costed.maxScore()).isEqualTo(report.maxScore());
        assertThat(costed.checks()).isEqualTo(report.checks());
    }

    @Test
    void aStepNeverGoesBelowZero() {
        GradeReport report = GradeReport.of(List.of(new CheckOutcome("c", "legacy", "c", Status.FAILED, "no",
                "/guides/x#y", 1, 0)));
        assertThat(SessionService.withRevealCost(lab, List.of(lab.step("legacy").orElseThrow()), report,
                Map.of("legacy/SOLUTION", 1L)).score()).isZero();
    }
}
