package org.kvmlab.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One security-relevant event, written once and never changed: who ({@code actor}, or null when nobody is
 * signed in), what, on what ({@code subject}: a session id, a user name, a lab id), the details, and from
 * which address.
 */
@Entity
@Table(name = "audit_events")
public class AuditEvent {

    static final int MAX_DETAIL = 2000;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "at", nullable = false)
    private Instant at;

    @Column(length = 64)
    private String actor;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 32)
    private AuditAction action;

    @Column(length = 128)
    private String subject;

    @Column(length = MAX_DETAIL)
    private String detail;

    @Column(name = "remote_address", length = 64)
    private String remoteAddress;

    protected AuditEvent() {
    }

    AuditEvent(Instant at, String actor, AuditAction action, String subject, String detail, String remoteAddress) {
        this.at = at;
        this.actor = clip(actor, 64);
        this.action = action;
        this.subject = clip(subject, 128);
        this.detail = clip(detail, MAX_DETAIL);
        this.remoteAddress = clip(remoteAddress, 64);
    }

    private static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max - 1) + "…";
    }

    public Long id() {
        return id;
    }

    public Instant at() {
        return at;
    }

    public String actor() {
        return actor;
    }

    public AuditAction action() {
        return action;
    }

    public String subject() {
        return subject;
    }

    public String detail() {
        return detail;
    }

    public String remoteAddress() {
        return remoteAddress;
    }
}
