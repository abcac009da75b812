package org.kvmlab.session;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import org.kvmlab.identity.UserAccount;

/** One learner working through one lab on their own ephemeral guests, until it ends or expires. */
@Entity
@Table(name = "lab_sessions")
@NamedQuery(name = "LabSession.liveOf", query = "select s from LabSession s where s.owner.username = :name"
        + " and s.state in (org.kvmlab.session.SessionState.STARTING, org.kvmlab.session.SessionState.RUNNING)"
        + " order by s.createdAt")
@NamedQuery(name = "LabSession.allOf", query = "select s from LabSession s where s.owner.username = :name"
        + " order by s.createdAt desc")
@NamedQuery(name = "LabSession.live", query = "select s from LabSession s where s.state in"
        + " (org.kvmlab.session.SessionState.STARTING, org.kvmlab.session.SessionState.RUNNING)")
@NamedQuery(name = "LabSession.due", query = "select s from LabSession s where s.state in"
        + " (org.kvmlab.session.SessionState.STARTING, org.kvmlab.session.SessionState.RUNNING)"
        + " and s.expiresAt <= :now")
public class LabSession {

    @Id
    @Column(length = 36)
    private String id;

    @ManyToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "owner_id")
    private UserAccount owner;

    @Column(name = "lab_id", nullable = false, length = 64)
    private String labId;

    /** The step (0-based) the learner was last on, so a reload or a new login returns there. */
    @Column(name = "current_step", nullable = false)
    private int currentStep;

    /** The lab version the session runs; null for sessions from before versions were stored. */
    @Column(name = "lab_version")
    private Integer labVersion;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private SessionState state;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "ended_at")
    private Instant endedAt;

    @Column(length = 500)
    private String note;

    /** The hypervisor host its guests run on; null for sessions from before hosts (they ran on 'local'). */
    @Column(name = "host_id", length = 32)
    private String hostId;

    protected LabSession() {
    }

    public LabSession(String id, UserAccount owner, String labId, int labVersion, Instant createdAt,
                      Instant expiresAt, String hostId, SessionState state) {
        this.id = id;
        this.owner = owner;
        this.labId = labId;
        this.labVersion = labVersion;
        this.state = state;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
        this.hostId = hostId;
    }

    /** The host its guests run on. */
    public String hostId() {
        return hostId == null ? org.kvmlab.hosts.HostSettings.LOCAL : hostId;
    }

    public String id() {
        return id;
    }

    public UserAccount owner() {
        return owner;
    }

    public String labId() {
        return labId;
    }

    public java.util.Optional<Integer> labVersion() {
        return java.util.Optional.ofNullable(labVersion);
    }

    public SessionState state() {
        return state;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public int currentStep() {
        return currentStep;
    }

    void rememberStep(int step) {
        this.currentStep = step;
    }

    void extendTo(Instant until) {
        this.expiresAt = until;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public Instant endedAt() {
        return endedAt;
    }

    /** Why the session ended the way it did, for the learner. */
    public String note() {
        return note;
    }

    public void markRunning() {
        this.state = SessionState.RUNNING;
    }

    /** Moves to a final state; the guests must already be gone. */
    public void finish(SessionState finalState, Instant at, String why) {
        if (finalState.isLive()) {
            throw new IllegalArgumentException(finalState + " is not a final state");
        }
        this.state = finalState;
        this.endedAt = at;
        this.note = why == null ? null : why.length() > 500 ? why.substring(0, 500) : why;
    }
}
