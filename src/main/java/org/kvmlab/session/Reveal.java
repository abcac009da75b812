package org.kvmlab.session;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A hint the learner revealed, or a reference solution they had shown, in one step of a session. */
@Entity
@Table(name = "session_reveals")
public class Reveal {

    /** What was revealed. */
    public enum Kind { HINT, SOLUTION }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "session_id", nullable = false, length = 36)
    private String sessionId;

    @Column(name = "step_id", nullable = false, length = 64)
    private String stepId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Kind kind;

    @Column(name = "revealed_at", nullable = false)
    private Instant revealedAt;

    protected Reveal() {
    }

    Reveal(String sessionId, String stepId, Kind kind, Instant at) {
        this.sessionId = sessionId;
        this.stepId = stepId;
        this.kind = kind;
        this.revealedAt = at;
    }

    public String stepId() {
        return stepId;
    }

    public Kind kind() {
        return kind;
    }
}
