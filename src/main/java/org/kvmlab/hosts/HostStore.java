package org.kvmlab.hosts;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Registered hosts in the database; each method is one short transaction. */
@ApplicationScoped
@Transactional
public class HostStore {

    @PersistenceContext(unitName = "kvmlab")
    EntityManager em;

    public List<HostSettings> all() {
        return em.createQuery("select h from HostRecord h order by h.addedAt, h.id", HostRecord.class)
                .getResultList().stream().map(HostRecord::settings).toList();
    }

    public Optional<HostSettings> find(String id) {
        return Optional.ofNullable(em.find(HostRecord.class, id)).map(HostRecord::settings);
    }

    /** Stores a host's settings, adding it when new. */
    public void save(HostSettings settings, Instant now) {
        HostRecord record = em.find(HostRecord.class, settings.id());
        if (record == null) {
            em.persist(new HostRecord(settings, now));
        } else {
            record.apply(settings);
        }
    }

    public void delete(String id) {
        HostRecord record = em.find(HostRecord.class, id);
        if (record != null) {
            em.remove(record);
        }
    }
}
