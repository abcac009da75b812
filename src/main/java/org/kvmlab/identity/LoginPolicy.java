package org.kvmlab.identity;

import java.time.Duration;

/**
 * How wrong passwords are throttled. An account (or a user name that does not exist) is locked after
 * {@code maxFailures} consecutive wrong passwords, for {@code firstLock}, twice as long on each further
 * lockout up to {@code longestLock}. An address that sends {@code maxAddressFailures} wrong passwords within
 * {@code addressWindow} may not sign in for {@code addressBlock}: that stops one machine from guessing across
 * many names, and is high enough that a classroom behind one NAT address is not blocked by its typos.
 */
public record LoginPolicy(int maxFailures, Duration firstLock, Duration longestLock, int maxAddressFailures,
                          Duration addressWindow, Duration addressBlock) {

    public static final LoginPolicy STANDARD = new LoginPolicy(5, Duration.ofMinutes(15), Duration.ofHours(4),
            50, Duration.ofMinutes(15), Duration.ofMinutes(15));

    /** How long the given lockout (1 for the first) lasts. */
    Duration lockFor(int lockout) {
        Duration lock = firstLock;
        for (int i = 1; i < lockout && lock.compareTo(longestLock) < 0; i++) {
            lock = lock.multipliedBy(2);
        }
        return lock.compareTo(longestLock) > 0 ? longestLock : lock;
    }
}
