package org.kvmlab.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The audit trail: security-relevant events, each in a transaction of its own, so an event is kept even
 * when the work it describes failed and rolled back. Recording never fails the caller: a database problem
 * is logged and the work goes on.
 */
@ApplicationScoped
public class AuditLog {

    private static final Logger LOG = Logger.getLogger(AuditLog.class.getName());
    /** Most events one query returns. */
    public static final int MAX_PAGE = 500;

    @PersistenceContext(unitName = "kvmlab")
    EntityManager em;

    @Inject
    HttpServletRequest request;

    private final Clock clock = Clock.systemUTC();

    /** Records an event by the given actor (null: nobody signed in, or the platform itself). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void record(String actor, AuditAction action, String subject, String detail) {
        try {
            em.persist(new AuditEvent(clock.instant(), actor, action, subject, detail, remoteAddress()));
            em.flush();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not record audit event " + action + " " + subject, e);
        }
    }

    /** The address of the request being served, or null outside a request (the reaper, start-up). */
    private String remoteAddress() {
        try {
            return request.getRemoteAddr();
        } catch (ContextNotActiveException | IllegalStateException e) {
            return null;
        } catch (RuntimeException e) {
            // a request proxy used outside its request may fail in container-specific ways
            return null;
        }
    }

    /** What to look for: every part optional (null: any). */
    public record Filter(String actor, AuditAction action, String subject, Instant from, Instant until) {
        public static Filter any() {
            return new Filter(null, null, null, null, null);
        }
    }

    /** Matching events, newest first, {@code limit} (at most {@link #MAX_PAGE}) from {@code offset}. */
    @Transactional
    public List<AuditEvent> find(Filter filter, int offset, int limit) {
        StringBuilder jpql = new StringBuilder("select e from AuditEvent e where 1 = 1");
        if (filter.actor() != null) {
            jpql.append(" and e.actor = :actor");
        }
        if (filter.action() != null) {
            jpql.append(" and e.action = :action");
        }
        if (filter.subject() != null) {
            jpql.append(" and e.subject = :subject");
        }
        if (filter.from() != null) {
            jpql.append(" and e.at >= :from");
        }
        if (filter.until() != null) {
            jpql.append(" and e.at < :until");
        }
        jpql.append(" order by e.at desc, e.id desc");
        TypedQuery<AuditEvent> query = em.createQuery(jpql.toString(), AuditEvent.class);
        if (filter.actor() != null) {
            query.setParameter("actor", filter.actor());
        }
        if (filter.action() != null) {
            query.setParameter("action", filter.action());
        }
        if (filter.subject() != null) {
            query.setParameter("subject", filter.subject());
        }
        if (filter.from() != null) {
            query.setParameter("from", filter.from());
        }
        if (filter.until() != null) {
            query.setParameter("until", filter.until());
        }
        return query.setFirstResult(Math.max(0, offset)).setMaxResults(Math.max(1, Math.min(limit, MAX_PAGE)))
                .getResultList();
    }
}
