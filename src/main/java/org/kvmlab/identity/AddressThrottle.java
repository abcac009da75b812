package org.kvmlab.identity;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Wrong passwords per network address, in memory: an address that sends too many within the window may not
 * sign in for a while. Bounded, so a flood of addresses cannot exhaust memory: when it tracks too many,
 * addresses with nothing recent are forgotten first, then those not blocked, and as a last resort all.
 */
final class AddressThrottle {

    static final int MAX_ADDRESSES = 10_000;

    private final LoginPolicy policy;
    private final Map<String, Failures> addresses = new HashMap<>();

    private static final class Failures {
        final Deque<Instant> recent = new ArrayDeque<>();
        Instant blockedUntil;
    }

    AddressThrottle(LoginPolicy policy) {
        this.policy = policy;
    }

    /** Until when this address may not sign in, if it is blocked now. */
    synchronized Optional<Instant> blockedUntil(String address, Instant now) {
        Failures failures = addresses.get(address);
        if (failures == null || failures.blockedUntil == null || !now.isBefore(failures.blockedUntil)) {
            return Optional.empty();
        }
        return Optional.of(failures.blockedUntil);
    }

    /** Counts a wrong password; answers the end of the block when this one started it. */
    synchronized Optional<Instant> failed(String address, Instant now) {
        if (!addresses.containsKey(address) && addresses.size() >= MAX_ADDRESSES) {
            forgetStale(now);
        }
        Failures failures = addresses.computeIfAbsent(address, a -> new Failures());
        Instant windowStart = now.minus(policy.addressWindow());
        while (!failures.recent.isEmpty() && !failures.recent.peekFirst().isAfter(windowStart)) {
            failures.recent.removeFirst();
        }
        failures.recent.addLast(now);
        if (failures.recent.size() < policy.maxAddressFailures()) {
            return Optional.empty();
        }
        failures.recent.clear();
        failures.blockedUntil = now.plus(policy.addressBlock());
        return Optional.of(failures.blockedUntil);
    }

    synchronized int tracked() {
        return addresses.size();
    }

    private void forgetStale(Instant now) {
        Instant windowStart = now.minus(policy.addressWindow());
        addresses.values().removeIf(f -> (f.blockedUntil == null || !now.isBefore(f.blockedUntil))
                && (f.recent.isEmpty() || !f.recent.peekLast().isAfter(windowStart)));
        if (addresses.size() >= MAX_ADDRESSES) {
            addresses.entrySet().removeIf(e -> e.getValue().blockedUntil == null);
        }
        if (addresses.size() >= MAX_ADDRESSES) {
            addresses.clear();
        }
    }
}
