package org.kvmlab.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.kvmlab.audit.AuditAction;
import org.kvmlab.audit.AuditLog;
import org.kvmlab.identity.LoginGuard;
import org.kvmlab.identity.Role;
import org.kvmlab.identity.UserAccount;
import org.kvmlab.identity.UserService;

/**
 * What an admin does with accounts: list them, make one with any role (the same password rules as sign-up,
 * from {@link UserService}), change a role, never leaving the platform without an admin. The caller's role is
 * read from the database on every call: an admin who was just demoted cannot act on a remembered sign-in.
 */
@ApplicationScoped
public class AccountAdmin {

    @Inject
    AccountDirectory directory;

    @Inject
    UserService users;

    @Inject
    AuditLog audit;

    @Inject
    SignedInSessions signedIn;

    @Inject
    LoginGuard guard;

    public List<AccountDirectory.Account> accounts(String admin) {
        requireAdmin(admin);
        return directory.all();
    }

    /** Makes an account; refuses a taken name, a bad name or a password the rules refuse, saying why. */
    public AccountDirectory.Account create(String admin, String username, String password, Role role) {
        requireAdmin(admin);
        if (role == null) {
            throw new AdminException(AdminException.Kind.INVALID, "Choose the account's role: " + roleNames() + ".");
        }
        String name = username == null ? "" : username.strip();
        if (users.find(name).isPresent()) {
            throw new AdminException(AdminException.Kind.CONFLICT, "There is already an account '" + name + "'."
                    + " Choose another user name, or change that account's role.");
        }
        try {
            users.create(name, password, role);
        } catch (UserService.SignupException e) {
            throw new AdminException(AdminException.Kind.INVALID, e.getMessage());
        }
        audit.record(admin, AuditAction.ACCOUNT_CREATED, name, "role " + role.roleName());
        return directory.find(name).orElseThrow();
    }

    /**
     * Gives an account another role; the last admin keeps theirs. The account's page sessions end (except the
     * one making the change), so the new role applies at once.
     */
    public AccountDirectory.Account changeRole(String admin, String username, Role role) {
        requireAdmin(admin);
        if (role == null) {
            throw new AdminException(AdminException.Kind.INVALID, "Choose the new role: " + roleNames() + ".");
        }
        Role before = directory.setRole(username, role).orElseThrow(() -> new AdminException(
                AdminException.Kind.NOT_FOUND, "There is no account '" + username + "'."));
        if (before != role) {
            audit.record(admin, AuditAction.ROLE_CHANGED, username, before.roleName() + " -> " + role.roleName());
            // their pages remember the old role until they sign in again: make that now
            signedIn.signOut(username);
        }
        return directory.find(username).orElseThrow();
    }

    /**
     * Lifts the sign-in lockout of an account (too many wrong passwords) and starts its count afresh; true when
     * it was locked.
     */
    public boolean unlock(String admin, String username) {
        requireAdmin(admin);
        if (directory.find(username).isEmpty()) {
            throw new AdminException(AdminException.Kind.NOT_FOUND, "There is no account '" + username + "'.");
        }
        return guard.unlock(username, admin);
    }

    /** Locked accounts now, by user name, with when each opens again. */
    public java.util.Map<String, java.time.Instant> lockedUntil(String admin) {
        requireAdmin(admin);
        java.util.Map<String, java.time.Instant> locked = new java.util.HashMap<>();
        guard.lockouts().forEach(l -> locked.put(l.username(), l.until()));
        return locked;
    }

    /** Reads a role as people write it ("instructor"); null when it is none. */
    public static Role parseRole(String name) {
        if (name == null) {
            return null;
        }
        return Arrays.stream(Role.values()).filter(r -> r.roleName().equals(name.strip().toLowerCase(Locale.ROOT)))
                .findFirst().orElse(null);
    }

    public static String roleNames() {
        return Arrays.stream(Role.values()).map(Role::roleName).collect(Collectors.joining(", "));
    }

    /** Refuses anyone whose account is not an admin right now. */
    void requireAdmin(String caller) {
        Role role = users.find(caller).map(UserAccount::role).orElse(null);
        if (role != Role.ADMIN) {
            throw new AdminException(AdminException.Kind.FORBIDDEN, "Only admins may do this.");
        }
    }
}
