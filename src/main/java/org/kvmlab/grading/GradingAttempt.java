package org.kvmlab.grading;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.kvmlab.session.LabSession;

/** A press of Check: when, for which step (or the whole lab), the score, and each check's result. */
@Entity
@Table(name = "grading_attempts")
@NamedQuery(name = "GradingAttempt.ofSession", query = "select a from GradingAttempt a where a.session.id = :id"
        + " order by a.gradedAt desc, a.id desc")
public class GradingAttempt {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "session_id")
    private LabSession session;

    @Column(name = "step_id", length = 64)
    private String stepId;

    @Column(name = "graded_at", nullable = false)
    private Instant gradedAt;

    @Column(nullable = false)
    private int score;

    @Column(name = "max_score", nullable = false)
    private int maxScore;

    @OneToMany(mappedBy = "attempt", cascade = CascadeType.ALL, fetch = FetchType.EAGER)
    private List<CheckResultRecord> results = new ArrayList<>();

    protected GradingAttempt() {
    }

    public GradingAttempt(LabSession session, String stepId, Instant gradedAt, GradeReport report) {
        this.session = session;
        this.stepId = stepId;
        this.gradedAt = gradedAt;
        this.score = report.score();
        this.maxScore = report.maxScore();
        for (CheckOutcome outcome : report.checks()) {
            results.add(new CheckResultRecord(this, outcome));
        }
    }

    public Long id() {
        return id;
    }

    public String stepId() {
        return stepId;
    }

    public Instant gradedAt() {
        return gradedAt;
    }

    public int score() {
        return score;
    }

    public int maxScore() {
        return maxScore;
    }

    public List<CheckResultRecord> results() {
        return List.copyOf(results);
    }
}
