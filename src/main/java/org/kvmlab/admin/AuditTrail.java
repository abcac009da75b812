package org.kvmlab.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.kvmlab.audit.AuditEvent;
import org.kvmlab.audit.AuditLog;

/** The audit trail, for admins only: matching events, newest first, a page at a time. */
@ApplicationScoped
public class AuditTrail {

    @Inject
    AccountAdmin accounts;

    @Inject
    AuditLog log;

    public List<AuditEvent> find(String admin, AuditQuery query) {
        accounts.requireAdmin(admin);
        return log.find(query.filter(), query.offset(), query.limit());
    }
}
