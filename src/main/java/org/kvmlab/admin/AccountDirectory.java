package org.kvmlab.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.kvmlab.identity.Role;
import org.kvmlab.identity.UserAccount;

/** Accounts as an admin manages them: listed with role and age, and their role changed. */
@ApplicationScoped
@Transactional
public class AccountDirectory {

    @PersistenceContext(unitName = "kvmlab")
    EntityManager em;

    /** An account as the admin pages list it (never its password hash). */
    public record Account(String username, Role role, Instant createdAt) {
    }

    public List<Account> all() {
        return em.createQuery("select u.username, u.role, u.createdAt from UserAccount u order by u.username",
                Object[].class).getResultList().stream().map(AccountDirectory::account).toList();
    }

    public Optional<Account> find(String username) {
        return em.createQuery("select u.username, u.role, u.createdAt from UserAccount u where u.username = :name",
                Object[].class).setParameter("name", username).getResultStream().findFirst()
                .map(AccountDirectory::account);
    }

    /**
     * Gives the account a role, unless that would leave the platform without an admin. Every admin row is
     * locked first, so two admins demoting each other at the same moment cannot both succeed.
     *
     * @return the role it had before; empty when there is no such account
     */
    public Optional<Role> setRole(String username, Role role) {
        List<UserAccount> admins = em.createQuery("select u from UserAccount u where u.role = :admin",
                UserAccount.class).setParameter("admin", Role.ADMIN).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
        Optional<UserAccount> target = em.createNamedQuery("UserAccount.byName", UserAccount.class)
                .setParameter("name", username).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultStream()
                .findFirst();
        if (target.isEmpty()) {
            return Optional.empty();
        }
        Role before = target.get().role();
        if (before == Role.ADMIN && role != Role.ADMIN && admins.size() <= 1) {
            throw new AdminException(AdminException.Kind.CONFLICT, username + " is the only admin. Make another"
                    + " account an admin first, so the platform always has one.");
        }
        if (before != role) {
            em.createQuery("update UserAccount u set u.role = :role where u.id = :id").setParameter("role", role)
                    .setParameter("id", target.get().id()).executeUpdate();
        }
        return Optional.of(before);
    }

    private static Account account(Object[] row) {
        return new Account((String) row[0], (Role) row[1], (Instant) row[2]);
    }
}
