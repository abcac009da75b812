package org.kvmlab.identity;

import java.time.Instant;

/**
 * Wrong passwords counted against one name: consecutive failures since the last success or lockout, how many
 * lockouts there were since the last success (each lasts longer), and until when the name is locked (null:
 * never locked, or unlocked). Immutable: every event gives new strikes.
 */
public record LoginStrikes(int failures, int lockouts, Instant lockedUntil) {

    public static final LoginStrikes NONE = new LoginStrikes(0, 0, null);

    public boolean lockedAt(Instant now) {
        return lockedUntil != null && now.isBefore(lockedUntil);
    }

    /** After one more wrong password: the {@code maxFailures}-th in a row starts a lockout. */
    LoginStrikes afterFailure(Instant now, LoginPolicy policy) {
        int inARow = failures + 1;
        if (inARow < policy.maxFailures()) {
            return new LoginStrikes(inARow, lockouts, lockedUntil);
        }
        int lockout = lockouts + 1;
        return new LoginStrikes(0, lockout, now.plus(policy.lockFor(lockout)));
    }

    /** Lifted by an admin: the next lockout is a first one again. */
    LoginStrikes unlocked() {
        return NONE;
    }
}
