package org.kvmlab.grading;

/**
 * The result of one check.
 *
 * @param status PASSED, FAILED, or UNAVAILABLE when the check could not look (guest off, agent not up,
 *               simulated hypervisor); an unavailable check earns no points and says why
 */
public record CheckOutcome(String checkId, String stepId, String title, Status status, String message,
                           String guide, int points, int earned) {

    /** Whether a check passed, failed, or could not be answered. */
    public enum Status { PASSED, FAILED, UNAVAILABLE }

    public boolean passed() {
        return status == Status.PASSED;
    }
}
