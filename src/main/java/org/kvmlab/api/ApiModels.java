package org.kvmlab.api;

import java.util.List;
import org.kvmlab.catalog.Lab;
import org.kvmlab.grading.CheckOutcome;
import org.kvmlab.grading.GradeReport;

/** The JSON shapes of the API (records serialised by JSON-B). */
public final class ApiModels {

    private ApiModels() {
    }

    public record StepSummary(String id, String title) {
    }

    /** A lab in the catalog; {@code coming} says why it cannot be started yet (null when it can). */
    public record LabSummary(String id, int version, String title, String summary, String difficulty, int minutes,
                      List<String> objectives, List<String> tags, String coming, List<StepSummary> steps) {
        static LabSummary of(Lab lab) {
            return new LabSummary(lab.id(), lab.version(), lab.title(), lab.summary(), lab.difficulty(),
                    lab.minutes(), lab.objectives(), lab.tags(), lab.coming().orElse(null),
                    lab.steps().stream().map(s -> new StepSummary(s.id(), s.title())).toList());
        }
    }

    /** What a shell command printed; {@code edit} names the guest whose XML the editor should open. */
    public record ShellReply(String output, int exitCode, String edit) {
    }

    public record CheckResult(String id, String step, String title, boolean passed, String status, String message,
                       String guide, int points) {
        static CheckResult of(CheckOutcome o) {
            return new CheckResult(o.checkId(), o.stepId(), o.title(), o.passed(), o.status().name().toLowerCase(
                    java.util.Locale.ROOT), o.message(), o.guide(), o.points());
        }
    }

    public record Grade(int score, int maxScore, List<CheckResult> checks) {
        static Grade of(GradeReport report) {
            return new Grade(report.score(), report.maxScore(), report.checks().stream().map(CheckResult::of).toList());
        }
    }

    public record Applied(boolean changed, boolean restartNeeded, String message) {
    }

    /** One recorded Check: when, for which step (null: the whole lab), and the score. */
    public record Attempt(String gradedAt, String step, int score, int maxScore, int passed, int checks) {
        static Attempt of(org.kvmlab.grading.GradingAttempt a) {
            return new Attempt(a.gradedAt().toString(), a.stepId(), a.score(), a.maxScore(),
                    (int) a.results().stream().filter(r -> r.status() == CheckOutcome.Status.PASSED).count(),
                    a.results().size());
        }
    }
}
