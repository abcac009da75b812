package org.kvmlab.identity;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The sign-in throttle's decisions, for the sign-in page and HTTP Basic alike. Strikes of real accounts live
 * where {@link Accounts} keeps them (the database, so a lockout survives a restart); strikes of user names
 * that do not exist are kept here in memory and follow exactly the same rules, so the answers cannot tell an
 * attacker which accounts exist. Time comes in as an argument: the rules are tested without waiting.
 */
final class LoginThrottle {

    /** Where the strikes of real accounts are kept; empty for a user name that has no account. */
    interface Accounts {
        Optional<LoginStrikes> strikes(String username);

        void save(String username, LoginStrikes strikes);
    }

    /** What one wrong password led to: a lockout of the name or a block of the address, if it started one. */
    record Failure(Optional<LoginRefusal> refusal, boolean nameLockStarted, boolean addressBlockStarted) {
    }

    static final int MAX_UNKNOWN_NAMES = 10_000;

    private final LoginPolicy policy;
    private final AddressThrottle addresses;
    /** Strikes against names without an account, oldest first so the oldest go when it is full. */
    private final Map<String, LoginStrikes> unknownNames = new LinkedHashMap<>();

    LoginThrottle(LoginPolicy policy) {
        this.policy = policy;
        this.addresses = new AddressThrottle(policy);
    }

    LoginPolicy policy() {
        return policy;
    }

    /** Why a sign-in as this name from this address must be refused now, before looking at the password. */
    Optional<LoginRefusal> refusal(String username, String address, Instant now, Accounts accounts) {
        LoginStrikes strikes = current(username, accounts).strikes();
        if (strikes.lockedAt(now)) {
            return Optional.of(new LoginRefusal(LoginRefusal.Reason.ACCOUNT_LOCKED, strikes.lockedUntil()));
        }
        return addresses.blockedUntil(address, now)
                .map(until -> new LoginRefusal(LoginRefusal.Reason.ADDRESS_BLOCKED, until));
    }

    /** Counts a wrong password against the name and the address. */
    Failure failed(String username, String address, Instant now, Accounts accounts) {
        Current current = current(username, accounts);
        LoginStrikes after = current.strikes().afterFailure(now, policy);
        save(username, current, after, accounts);
        Optional<Instant> addressBlock = addresses.failed(address, now);
        if (after.lockedAt(now)) {
            return new Failure(Optional.of(new LoginRefusal(LoginRefusal.Reason.ACCOUNT_LOCKED,
                    after.lockedUntil())), true, addressBlock.isPresent());
        }
        return new Failure(addressBlock.map(until -> new LoginRefusal(LoginRefusal.Reason.ADDRESS_BLOCKED, until)),
                false, addressBlock.isPresent());
    }

    /** The right password: the name's strikes are cleared (an account is written only when it had some). */
    void succeeded(String username, Accounts accounts) {
        Current current = current(username, accounts);
        if (!LoginStrikes.NONE.equals(current.strikes())) {
            save(username, current, LoginStrikes.NONE, accounts);
        }
    }

    /** Lifts a lockout; true when the name was locked at that moment. */
    boolean unlock(String username, Instant now, Accounts accounts) {
        Current current = current(username, accounts);
        save(username, current, current.strikes().unlocked(), accounts);
        return current.strikes().lockedAt(now);
    }

    /** A name's strikes, and whether they belong to a real account. */
    private record Current(LoginStrikes strikes, boolean account) {
    }

    private Current current(String username, Accounts accounts) {
        Optional<LoginStrikes> account = accounts.strikes(username);
        if (account.isPresent()) {
            return new Current(account.get(), true);
        }
        synchronized (unknownNames) {
            return new Current(unknownNames.getOrDefault(username, LoginStrikes.NONE), false);
        }
    }

    private void save(String username, Current current, LoginStrikes strikes, Accounts accounts) {
        if (current.account()) {
            accounts.save(username, strikes);
            return;
        }
        synchronized (unknownNames) {
            unknownNames.remove(username);
            if (!LoginStrikes.NONE.equals(strikes)) {
                if (unknownNames.size() >= MAX_UNKNOWN_NAMES) {
                    unknownNames.remove(unknownNames.keySet().iterator().next());
                }
                unknownNames.put(username, strikes);
            }
        }
    }
}
