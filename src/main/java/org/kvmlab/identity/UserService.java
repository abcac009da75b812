package org.kvmlab.identity;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.kvmlab.audit.AuditAction;
import org.kvmlab.audit.AuditLog;

/** Accounts: sign-up with password rules, look-up, and password verification with PBKDF2 hashes. */
@ApplicationScoped
public class UserService {

    static final Pattern USERNAME = Pattern.compile("[a-z][a-z0-9._-]{2,31}");

    @PersistenceContext(unitName = "kvmlab")
    EntityManager em;

    @Inject
    Pbkdf2PasswordHash hash;

    @Inject
    AuditLog audit;

    private final Clock clock = Clock.systemUTC();
    /** A hash of a random password, verified against when the user does not exist, so timing tells nothing. */
    private String dummyHash;

    @PostConstruct
    void configureHash() {
        hash.initialize(Map.of(
                "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA256",
                "Pbkdf2PasswordHash.Iterations", "210000",
                "Pbkdf2PasswordHash.SaltSizeBytes", "32",
                "Pbkdf2PasswordHash.KeySizeBytes", "32"));
        dummyHash = hash.generate(java.util.UUID.randomUUID().toString().toCharArray());
    }

    /** Why a sign-up was refused, in words for the person signing up. */
    public static class SignupException extends Exception {
        private static final long serialVersionUID = 1L;

        public SignupException(String message) {
            super(message);
        }
    }

    /**
     * Checks a proposed user name and password ({@link PasswordRules}); returns the problem in words for the
     * person choosing them, or empty when they are fine.
     */
    public static Optional<String> problemWith(String username, String password) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            return Optional.of("Choose a user name of 3 to 32 characters: lower-case letters, digits, '.', '_' or"
                    + " '-', starting with a letter.");
        }
        return PasswordRules.problemWith(username, password);
    }

    /** A student making their own account; recorded in the audit trail. */
    @Transactional
    public UserAccount signUp(String username, String password) throws SignupException {
        UserAccount account = create(username, password, Role.STUDENT);
        em.flush();
        audit.record(username, AuditAction.SIGNUP, username, "student account created by sign-up");
        return account;
    }

    @Transactional
    public UserAccount create(String username, String password, Role role) throws SignupException {
        Optional<String> problem = problemWith(username, password);
        if (problem.isPresent()) {
            throw new SignupException(problem.get());
        }
        if (find(username).isPresent()) {
            throw new SignupException("That user name is taken. Choose another one.");
        }
        UserAccount account = new UserAccount(username, hash.generate(password.toCharArray()), role,
                Instant.now(clock));
        em.persist(account);
        return account;
    }

    public Optional<UserAccount> find(String username) {
        return em.createNamedQuery("UserAccount.byName", UserAccount.class).setParameter("name", username)
                .getResultStream().findFirst();
    }

    /** The account, when the password is right. Costs about the same time whether or not the user exists. */
    public Optional<UserAccount> verify(String username, String password) {
        if (username == null || password == null || password.length() > PasswordRules.MAX_LENGTH) {
            return Optional.empty();
        }
        Optional<UserAccount> account = find(username);
        if (account.isEmpty()) {
            hash.verify(password.toCharArray(), dummyHash);
            return Optional.empty();
        }
        return hash.verify(password.toCharArray(), account.get().passwordHash()) ? account : Optional.empty();
    }

    public boolean anyAdmin() {
        return em.createQuery("select count(u) from UserAccount u where u.role = :role", Long.class)
                .setParameter("role", Role.ADMIN).getSingleResult() > 0;
    }
}
