package org.kvmlab.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.kvmlab.audit.AuditAction;
import org.kvmlab.audit.AuditLog;

/**
 * Login throttling and lockout for the sign-in page and HTTP Basic alike (see {@link LoginPolicy}): asked
 * before a password is checked, told the outcome after, and the place where an admin lifts a lockout. Records
 * page sign-ins, every wrong password and every lockout in the audit trail; a successful API call (HTTP Basic
 * runs on each one) is not recorded.
 */
@ApplicationScoped
public class LoginGuard {

    /** Where a password was typed. */
    public enum Channel {
        PAGE, API
    }

    /** A locked account, for the admin's list. */
    public record Lockout(String username, Instant until) {
    }

    @PersistenceContext(unitName = "kvmlab")
    EntityManager em;

    @Inject
    AuditLog audit;

    private final Clock clock = Clock.systemUTC();
    private final LoginThrottle throttle = new LoginThrottle(LoginPolicy.STANDARD);

    public Instant now() {
        return clock.instant();
    }

    /** Why signing in as this name from this address is refused now, before any password is looked at. */
    @Transactional
    public Optional<LoginRefusal> refusal(String username, String address) {
        return throttle.refusal(username, address, now(), new StoredStrikes(em, false));
    }

    /** A wrong password (or unknown name): counted, recorded, and the refusal it started, if any. */
    @Transactional
    public Optional<LoginRefusal> failed(String username, String address, Channel channel) {
        Instant now = now();
        LoginThrottle.Failure failure = throttle.failed(username, address, now, new StoredStrikes(em, true));
        String subject = auditSubject(username);
        audit.record(null, AuditAction.LOGIN_FAILED, subject, "wrong user name or password (" + channel.name()
                .toLowerCase(java.util.Locale.ROOT) + ")");
        if (failure.nameLockStarted()) {
            audit.record(null, AuditAction.LOGIN_LOCKED, subject, throttle.policy().maxFailures()
                    + " wrong passwords in a row: locked until " + failure.refusal().orElseThrow().until());
        }
        if (failure.addressBlockStarted()) {
            audit.record(null, AuditAction.LOGIN_LOCKED, address, throttle.policy().maxAddressFailures()
                    + " wrong passwords from this address within " + throttle.policy().addressWindow().toMinutes()
                    + " minutes: sign-ins from it refused for " + throttle.policy().addressBlock().toMinutes()
                    + " minutes");
        }
        return failure.refusal();
    }

    /** The right password: strikes cleared; a page sign-in is recorded. */
    @Transactional
    public void succeeded(String username, Channel channel) {
        throttle.succeeded(username, new StoredStrikes(em, true));
        if (channel == Channel.PAGE) {
            audit.record(username, AuditAction.LOGIN, username, "signed in on the page");
        }
    }

    /**
     * Lifts the lockout of an account (for the admin page) and starts its count of wrong passwords afresh;
     * true when it was locked. Recorded as done by {@code admin}.
     */
    @Transactional
    public boolean unlock(String username, String admin) {
        boolean wasLocked = throttle.unlock(username, now(), new StoredStrikes(em, true));
        audit.record(admin, AuditAction.ACCOUNT_UNLOCKED, username, wasLocked ? "lockout lifted"
                : "was not locked; wrong-password count reset");
        return wasLocked;
    }

    /** Accounts locked now, the soonest to open first. */
    @Transactional
    public List<Lockout> lockouts() {
        return em.createNamedQuery("UserAccount.lockedAt", UserAccount.class).setParameter("now", now())
                .getResultStream()
                .map(u -> new Lockout(u.username(), u.strikes().lockedUntil())).toList();
    }

    /**
     * The name as the audit trail shows it. Something that cannot be a user name is not written down: people
     * sometimes type their password into the name field.
     */
    static String auditSubject(String username) {
        return username != null && UserService.USERNAME.matcher(username).matches() ? username
                : "(not a possible user name)";
    }
}
