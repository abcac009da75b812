package org.kvmlab.pool;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Pool guests, pool sizes and class pre-warming in the database; each method is one short transaction. */
@ApplicationScoped
@Transactional
public class PoolStore {

    @PersistenceContext(unitName = "kvmlab")
    EntityManager em;

    public void add(String id, String labId, int labVersion, String hostId, Instant now, Instant expiresAt) {
        em.persist(new PoolGuest(id, labId, labVersion, hostId, now, expiresAt));
    }

    /** Marks a booted pool guest ready; false when it is no longer STARTING (recycled or gone while it booted). */
    public boolean markReady(String id) {
        return move(id, PoolGuest.State.STARTING, PoolGuest.State.READY);
    }

    /**
     * Marks a pool guest RECYCLING, from {@code from}; false when it is not in that state (a learner took it, or
     * it is gone or recycling already). From then on no claim can take it, and its row stays until
     * {@link #remove} after its teardown.
     */
    public boolean retire(String id, PoolGuest.State from) {
        return move(id, from, PoolGuest.State.RECYCLING);
    }

    private boolean move(String id, PoolGuest.State from, PoolGuest.State to) {
        return em.createQuery("update PoolGuest g set g.state = :to where g.id = :id and g.state = :from")
                .setParameter("to", to).setParameter("id", id).setParameter("from", from).executeUpdate() == 1;
    }

    /**
     * Takes a ready guest of this lab version out of the pool, oldest first. The delete only succeeds for a row
     * still READY, so two learners (or a learner and the recycler) can never both take the same guest; the caller's
     * transaction makes the session that replaces it.
     */
    public Optional<PoolGuest> claim(String labId, int labVersion, java.util.function.Predicate<String> hostUsable) {
        List<PoolGuest> ready = em.createQuery("select g from PoolGuest g where g.labId = :lab and g.labVersion = :v"
                        + " and g.state = :ready order by g.createdAt", PoolGuest.class)
                .setParameter("lab", labId).setParameter("v", labVersion)
                .setParameter("ready", PoolGuest.State.READY).getResultList();
        for (PoolGuest guest : ready) {
            if (!hostUsable.test(guest.hostId())) {
                continue;
            }
            int taken = em.createQuery("delete from PoolGuest g where g.id = :id and g.state = :ready")
                    .setParameter("id", guest.id()).setParameter("ready", PoolGuest.State.READY).executeUpdate();
            if (taken == 1) {
                em.detach(guest);
                return Optional.of(guest);
            }
        }
        return Optional.empty();
    }

    /** Removes a pool guest's row (after its teardown); false when it was already gone. */
    public boolean remove(String id) {
        return em.createQuery("delete from PoolGuest g where g.id = :id").setParameter("id", id)
                .executeUpdate() == 1;
    }

    public List<PoolGuest> guests() {
        return em.createQuery("select g from PoolGuest g order by g.createdAt", PoolGuest.class).getResultList();
    }

    public Optional<PoolGuest> guest(String id) {
        return Optional.ofNullable(em.find(PoolGuest.class, id));
    }

    /** Standing pool sizes by lab. */
    public Map<String, Integer> targets() {
        Map<String, Integer> sizes = new TreeMap<>();
        em.createQuery("select t from PoolTarget t", PoolTarget.class).getResultList()
                .forEach(t -> sizes.put(t.labId(), t.size()));
        return sizes;
    }

    /** Sets a lab's standing pool size; 0 removes it. */
    public void target(String labId, int size) {
        PoolTarget target = em.find(PoolTarget.class, labId);
        if (size == 0) {
            if (target != null) {
                em.remove(target);
            }
        } else if (target == null) {
            em.persist(new PoolTarget(labId, size));
        } else {
            target.size(size);
        }
    }

    public PoolReservation reserve(String labId, int size, Instant readyAt, Instant until, Long classId, String by,
                                   Instant now) {
        PoolReservation r = new PoolReservation(labId, size, readyAt, until, classId, by, now);
        em.persist(r);
        return r;
    }

    /** Reservations not over yet, soonest first. */
    public List<PoolReservation> reservations(Instant now) {
        return em.createQuery("select r from PoolReservation r where r.until > :now order by r.readyAt",
                PoolReservation.class).setParameter("now", now).getResultList();
    }

    public Optional<PoolReservation> reservation(long id) {
        return Optional.ofNullable(em.find(PoolReservation.class, id));
    }

    public void cancelReservation(long id) {
        PoolReservation r = em.find(PoolReservation.class, id);
        if (r != null) {
            em.remove(r);
        }
    }
}
