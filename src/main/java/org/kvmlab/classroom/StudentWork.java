package org.kvmlab.classroom;

import java.util.List;

/** A student's sessions (newest first) and their best whole-lab Check per lab. */
public record StudentWork(String username, List<StudentSession> sessions, List<LabScore> best) {

    public StudentWork {
        sessions = List.copyOf(sessions);
        best = List.copyOf(best);
    }

    /** The best score of a whole-lab Check, out of the lab's maximum. */
    public record LabScore(String lab, String labTitle, int score, int maxScore) {
    }
}
