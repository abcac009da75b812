package org.kvmlab.identity;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.Optional;

/**
 * The strikes of real accounts, in the users table. When they are about to change, the account's row is
 * locked for the rest of the transaction, so wrong passwords arriving at the same moment are all counted.
 */
final class StoredStrikes implements LoginThrottle.Accounts {

    private final EntityManager em;
    private final boolean forUpdate;
    private UserAccount loaded;

    StoredStrikes(EntityManager em, boolean forUpdate) {
        this.em = em;
        this.forUpdate = forUpdate;
    }

    @Override
    public Optional<LoginStrikes> strikes(String username) {
        return account(username).map(UserAccount::strikes);
    }

    @Override
    public void save(String username, LoginStrikes strikes) {
        account(username).ifPresent(a -> a.strikes(strikes));
    }

    private Optional<UserAccount> account(String username) {
        if (loaded != null && loaded.username().equals(username)) {
            return Optional.of(loaded);
        }
        var query = em.createNamedQuery("UserAccount.byName", UserAccount.class).setParameter("name", username);
        if (forUpdate) {
            query.setLockMode(LockModeType.PESSIMISTIC_WRITE);
        }
        Optional<UserAccount> account = query.getResultStream().findFirst();
        account.ifPresent(a -> loaded = a);
        return account;
    }
}
