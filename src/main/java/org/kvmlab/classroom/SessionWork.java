package org.kvmlab.classroom;

import java.time.Instant;
import java.util.List;

/**
 * Everything a student did in one session that an instructor may read: every Check with each check's result,
 * the hints and solutions they revealed, and the virsh commands they ran.
 */
public record SessionWork(StudentSession session, List<Attempt> attempts, List<Revealed> reveals,
                          List<ShellLine> shell) {

    public SessionWork {
        attempts = List.copyOf(attempts);
        reveals = List.copyOf(reveals);
        shell = List.copyOf(shell);
    }

    /** A press of Check (newest first); {@code step} is null when the whole lab was checked. */
    public record Attempt(Instant gradedAt, String step, int score, int maxScore, List<CheckResult> checks) {
        public Attempt {
            checks = List.copyOf(checks);
        }
    }

    /** One check's result in an attempt; {@code status} is passed, failed or unavailable. */
    public record CheckResult(String id, String step, String status, int points, int earned, String message) {
    }

    /** A hint (the {@code number}th of its step) or a step's solution, revealed at a time. */
    public record Revealed(String step, String kind, int number, Instant at) {
    }

    /** A virsh command, oldest first, and its exit code. */
    public record ShellLine(Instant at, String command, int exitCode) {
    }
}
