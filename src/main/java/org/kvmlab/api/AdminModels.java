package org.kvmlab.api;

import java.time.Instant;
import org.kvmlab.admin.AccountDirectory;
import org.kvmlab.admin.AdminSessions;
import org.kvmlab.audit.AuditEvent;
import org.kvmlab.classroom.StudentSession;

/** The JSON shapes of the admin API (records serialised by JSON-B). */
public final class AdminModels {

    private AdminModels() {
    }

    /** An account: its role in lower case, as roles are written everywhere else. */
    /** An account; {@code lockedUntil} is set while too many wrong passwords keep it locked. */
    public record Account(String username, String role, Instant createdAt, Instant lockedUntil) {
        static Account of(AccountDirectory.Account a) {
            return of(a, null);
        }

        static Account of(AccountDirectory.Account a, Instant lockedUntil) {
            return new Account(a.username(), a.role().roleName(), a.createdAt(), lockedUntil);
        }
    }

    /** One audit event; {@code actor} is null for the platform itself or nobody signed in. */
    public record AuditEntry(long id, Instant at, String actor, String action, String subject, String detail,
                             String address) {
        static AuditEntry of(AuditEvent e) {
            return new AuditEntry(e.id(), e.at(), e.actor(), e.action().name(), e.subject(), e.detail(),
                    e.remoteAddress());
        }
    }

    /** A live session on the platform and whose it is. */
    public record LiveSession(String owner, StudentSession session) {
        static LiveSession of(AdminSessions.LiveSession s) {
            return new LiveSession(s.owner(), s.session());
        }
    }
}
