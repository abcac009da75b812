package org.kvmlab.classroom;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kvmlab.identity.UserAccount;

/** Classes and their members in the database; each method is one short transaction. */
@ApplicationScoped
@Transactional
public class ClassStore {

    @PersistenceContext(unitName = "kvmlab")
    EntityManager em;

    public Optional<Classroom> find(long id) {
        return Optional.ofNullable(em.find(Classroom.class, id));
    }

    public Optional<Classroom> byCode(String code) {
        return em.createNamedQuery("Classroom.byCode", Classroom.class).setParameter("code", code)
                .getResultStream().findFirst();
    }

    public boolean nameTaken(String owner, String name) {
        return !em.createNamedQuery("Classroom.byOwnerAndName", Classroom.class).setParameter("owner", owner)
                .setParameter("name", name).getResultList().isEmpty();
    }

    public List<Classroom> all() {
        return em.createNamedQuery("Classroom.all", Classroom.class).getResultList();
    }

    public List<Classroom> ownedBy(String username) {
        return em.createNamedQuery("Classroom.ownedBy", Classroom.class).setParameter("name", username)
                .getResultList();
    }

    public List<Classroom> joinedBy(String username) {
        return em.createNamedQuery("ClassMember.classesOf", Classroom.class).setParameter("name", username)
                .getResultList();
    }

    /** Class id → number of students, for classes that have any. */
    public Map<Long, Integer> memberCounts() {
        Map<Long, Integer> counts = new HashMap<>();
        for (Object[] row : em.createNamedQuery("ClassMember.counts", Object[].class).getResultList()) {
            counts.put((Long) row[0], ((Number) row[1]).intValue());
        }
        return counts;
    }

    public Classroom create(String owner, String name, String code, Instant at) {
        Classroom classroom = new Classroom(name, account(owner), code, at);
        em.persist(classroom);
        return classroom;
    }

    /** Gives the class a new code: from now on only that one lets students in. */
    public Optional<Classroom> renewCode(long id, String code) {
        Optional<Classroom> classroom = find(id);
        classroom.ifPresent(c -> c.renewCode(code));
        return classroom;
    }

    public List<ClassMember> members(long classId) {
        return em.createNamedQuery("ClassMember.ofClass", ClassMember.class).setParameter("id", classId)
                .getResultList();
    }

    public boolean isMember(long classId, String username) {
        return member(classId, username).isPresent();
    }

    /** Puts the student in the class; false when they were in it already. */
    public boolean join(long classId, String username, Instant at) {
        if (isMember(classId, username)) {
            return false;
        }
        em.persist(new ClassMember(em.getReference(Classroom.class, classId), account(username), at));
        return true;
    }

    /** Takes the student out of the class; false when they were not in it. */
    public boolean remove(long classId, String username) {
        Optional<ClassMember> member = member(classId, username);
        member.ifPresent(em::remove);
        return member.isPresent();
    }

    /** Deletes the class and its memberships (the students' own work is not the class's); false when gone. */
    public boolean delete(long classId) {
        Classroom classroom = em.find(Classroom.class, classId);
        if (classroom == null) {
            return false;
        }
        em.createQuery("delete from ClassMember m where m.classroom.id = :id").setParameter("id", classId)
                .executeUpdate();
        em.remove(classroom);
        return true;
    }

    private Optional<ClassMember> member(long classId, String username) {
        return em.createNamedQuery("ClassMember.one", ClassMember.class).setParameter("id", classId)
                .setParameter("name", username).getResultStream().findFirst();
    }

    private UserAccount account(String username) {
        return em.createNamedQuery("UserAccount.byName", UserAccount.class).setParameter("name", username)
                .getResultStream().findFirst()
                .orElseThrow(() -> new ClassroomException(ClassroomException.Kind.NOT_FOUND, "There is no account '"
                        + username + "'."));
    }
}
