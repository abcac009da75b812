package org.kvmlab.classroom;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts wrong join codes, per account and per remote address, in fixed windows: after too many in one window
 * no code is tried until the window ends. Codes are too many to guess anyway; this keeps a script from trying
 * at the speed of the server, and the per-address budget stops one machine rotating through fresh student
 * accounts. Kept in memory: a restart forgives, which costs an attacker far more time than it saves.
 */
@ApplicationScoped
public class JoinThrottle {

    /** Wrong codes one account may type per window: room for a few typos. */
    static final int PER_ACCOUNT = 5;
    /** Wrong codes from one address per window: a classroom behind one NAT address types codes at once. */
    static final int PER_ADDRESS = 30;
    static final Duration WINDOW = Duration.ofMinutes(15);
    /** Beyond this many windows, finished ones are dropped. */
    private static final int TIDY_ABOVE = 10_000;

    private record Window(Instant start, int failures) {
    }

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final Clock clock;

    public JoinThrottle() {
        this(Clock.systemUTC());
    }

    JoinThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long the account (or its address) must wait before a code is tried again; empty: try now. */
    public Optional<Duration> waitFor(String account, String address) {
        Instant now = clock.instant();
        Duration wait = Duration.ZERO;
        for (Budget budget : budgets(account, address)) {
            Window window = windows.get(budget.key());
            if (window != null && !ended(window, now) && window.failures() >= budget.limit()) {
                Duration left = Duration.between(now, window.start().plus(WINDOW));
                wait = left.compareTo(wait) > 0 ? left : wait;
            }
        }
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    /** Counts a wrong code; returns true when it used up a budget (from now on, codes wait). */
    public boolean failed(String account, String address) {
        Instant now = clock.instant();
        if (windows.size() > TIDY_ABOVE) {
            windows.values().removeIf(w -> ended(w, now));
        }
        boolean exhausted = false;
        for (Budget budget : budgets(account, address)) {
            Window window = windows.compute(budget.key(), (key, w) -> w == null || ended(w, now)
                    ? new Window(now, 1) : new Window(w.start(), w.failures() + 1));
            exhausted |= window.failures() == budget.limit();
        }
        return exhausted;
    }

    private record Budget(String key, int limit) {
    }

    private static List<Budget> budgets(String account, String address) {
        return address == null ? List.of(new Budget("account:" + account, PER_ACCOUNT))
                : List.of(new Budget("account:" + account, PER_ACCOUNT),
                new Budget("address:" + address, PER_ADDRESS));
    }

    private static boolean ended(Window window, Instant now) {
        return !now.isBefore(window.start().plus(WINDOW));
    }
}
