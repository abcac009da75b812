package org.kvmlab.authoring;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Lab versions in the database. Versions of a lab are numbered 1, 2, … in the order they were stored. */
@ApplicationScoped
@Transactional
public class LabVersionStore {

    @PersistenceContext(unitName = "kvmlab")
    EntityManager em;

    /** Stores new content as the lab's next version. */
    public LabVersion add(String labId, LabVersion.Origin origin, String sha256, byte[] archive, String title,
                          String by, Instant at) {
        Integer last = em.createQuery("select max(v.version) from LabVersion v where v.labId = :lab", Integer.class)
                .setParameter("lab", labId).getSingleResult();
        LabVersion v = new LabVersion(labId, last == null ? 1 : last + 1, origin, sha256, archive, title, by, at);
        em.persist(v);
        return v;
    }

    public Optional<LabVersion> find(String labId, int version) {
        return em.createQuery("select v from LabVersion v where v.labId = :lab and v.version = :v", LabVersion.class)
                .setParameter("lab", labId).setParameter("v", version).getResultStream().findFirst();
    }

    /** The version of a lab with exactly this content, if one is stored. */
    public Optional<LabVersion> withContent(String labId, String sha256) {
        return em.createQuery("select v from LabVersion v where v.labId = :lab and v.sha256 = :sha", LabVersion.class)
                .setParameter("lab", labId).setParameter("sha", sha256).setMaxResults(1).getResultStream().findFirst();
    }

    /** The newest published version of every lab. */
    public List<LabVersion> currentPublished() {
        return em.createQuery("select v from LabVersion v where v.status = :published and v.version = (select"
                        + " max(w.version) from LabVersion w where w.labId = v.labId and w.status = :published)"
                        + " order by v.labId", LabVersion.class)
                .setParameter("published", LabVersion.Status.PUBLISHED).getResultList();
    }

    /** Every version, newest first per lab. */
    public List<LabVersion> all() {
        return em.createQuery("select v from LabVersion v order by v.labId, v.version desc", LabVersion.class)
                .getResultList();
    }

    public void publish(String labId, int version, Instant at) {
        find(labId, version).orElseThrow().publish(at);
    }

    public void selfTest(String labId, int version, LabVersion.SelfTest verdict, Instant at, String log) {
        find(labId, version).orElseThrow().selfTest(verdict, at, log);
    }
}
