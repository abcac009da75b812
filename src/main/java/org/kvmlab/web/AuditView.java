package org.kvmlab.web;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import org.kvmlab.admin.AdminException;
import org.kvmlab.admin.AuditQuery;
import org.kvmlab.admin.AuditTrail;
import org.kvmlab.audit.AuditAction;
import org.kvmlab.audit.AuditEvent;

/** The audit trail for admins: filters (actor, action, subject, UTC dates), newest first, a page at a time. */
@Named
@ViewScoped
public class AuditView implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    transient AuditTrail trail;

    private String actor;
    private String action;
    private String subject;
    private String from;
    private String until;
    /** The filter in force (the last one Search accepted) and the page: kept as text, the way it was typed. */
    private Applied applied = new Applied(null, null, null, null, null, 0);
    private transient List<AuditEvent> page;
    private boolean more;

    private record Applied(String actor, String action, String subject, String from, String until, int offset)
            implements Serializable {
        AuditQuery query() {
            return AuditQuery.parse(actor, action, subject, from, until, String.valueOf(offset), null);
        }

        Applied at(int newOffset) {
            return new Applied(actor, action, subject, from, until, newOffset);
        }
    }

    public List<AuditEvent> getEvents() {
        if (page == null) {
            AuditQuery query = applied.query();
            // one more than a page tells whether there are older events
            List<AuditEvent> found;
            try {
                found = trail.find(Pages.caller(), new AuditQuery(query.filter(), query.offset(),
                        query.limit() + 1));
            } catch (AdminException e) {
                found = List.of();
                Pages.error(e.getMessage());
            }
            more = found.size() > query.limit();
            page = more ? found.subList(0, query.limit()) : found;
        }
        return page;
    }

    public void search() {
        try {
            AuditQuery.parse(actor, action, subject, from, until, null, null);
            applied = new Applied(actor, action, subject, from, until, 0);
        } catch (AdminException e) {
            Pages.error(e.getMessage());
        }
        page = null;
    }

    public void older() {
        applied = applied.at(applied.query().next().offset());
        page = null;
    }

    public void newer() {
        applied = applied.at(applied.query().previous().offset());
        page = null;
    }

    public boolean isMore() {
        getEvents();
        return more;
    }

    public boolean isFirstPage() {
        return applied.offset() == 0;
    }

    public int getOffset() {
        return applied.offset();
    }

    public AuditAction[] getActions() {
        return AuditAction.values();
    }

    public String getActor() {
        return actor;
    }

    public void setActor(String actor) {
        this.actor = actor;
    }

    public String getAction() {
        return action;
    }

    public void setAction(String action) {
        this.action = action;
    }

    public String getSubject() {
        return subject;
    }

    public void setSubject(String subject) {
        this.subject = subject;
    }

    public String getFrom() {
        return from;
    }

    public void setFrom(String from) {
        this.from = from;
    }

    public String getUntil() {
        return until;
    }

    public void setUntil(String until) {
        this.until = until;
    }
}
