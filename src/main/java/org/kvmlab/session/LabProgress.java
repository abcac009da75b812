package org.kvmlab.session;

/** How far a learner got in a lab: the best score of a whole-lab Check, out of its maximum. */
public record LabProgress(String labId, int bestScore, int maxScore) {

    public boolean completed() {
        return maxScore > 0 && bestScore >= maxScore;
    }

    /** Whole percent, for a progress bar. */
    public int percent() {
        return maxScore == 0 ? 0 : Math.min(100, bestScore * 100 / maxScore);
    }
}
