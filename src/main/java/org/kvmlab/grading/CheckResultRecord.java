package org.kvmlab.grading;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** One check's result within a stored grading attempt. */
@Entity
@Table(name = "check_results")
public class CheckResultRecord {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "attempt_id")
    private GradingAttempt attempt;

    @Column(name = "check_id", nullable = false, length = 64)
    private String checkId;

    @Column(name = "step_id", nullable = false, length = 64)
    private String stepId;

    @Column(nullable = false, length = 16)
    private String status;

    @Column(length = 1000)
    private String message;

    @Column(nullable = false)
    private int points;

    @Column(nullable = false)
    private int earned;

    protected CheckResultRecord() {
    }

    CheckResultRecord(GradingAttempt attempt, CheckOutcome outcome) {
        this.attempt = attempt;
        this.checkId = outcome.checkId();
        this.stepId = outcome.stepId();
        this.status = outcome.status().name();
        String text = outcome.message();
        this.message = text != null && text.length() > 1000 ? text.substring(0, 1000) : text;
        this.points = outcome.points();
        this.earned = outcome.earned();
    }

    public String checkId() {
        return checkId;
    }

    public String stepId() {
        return stepId;
    }

    public CheckOutcome.Status status() {
        return CheckOutcome.Status.valueOf(status);
    }

    public String message() {
        return message;
    }

    public int points() {
        return points;
    }

    public int earned() {
        return earned;
    }
}
