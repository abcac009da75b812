package org.kvmlab.hosts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.ToIntFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Boots, a bounded number at a time per host: boots are CPU-bound, so booting more at once only makes every
 * learner wait longer. Learners go first, fairly: the next boot is for the person with the fewest boots running,
 * then whoever asked first. Pool refills use what learners leave free, and never the last slot of a host. Nothing
 * is dropped: every request runs, or is cancelled by whoever asked.
 */
public final class BootQueue {

    private static final Logger LOG = Logger.getLogger(BootQueue.class.getName());
    /** What a boot is assumed to take before any was measured on a host (a TCG boot on a busy host). */
    static final Duration FIRST_GUESS = Duration.ofSeconds(8);

    public enum Kind { LEARNER, POOL }

    /**
     * Where a request is: {@code place} 0 while it boots, else its place in line (1 = next); when it should be
     * ready.
     */
    public record Position(int place, Instant estimatedReadyAt) {
    }

    /** {@code turn}: how many of the same person's boots were waiting or booting on the host when it came. */
    private record Request(String id, String host, String user, Kind kind, Runnable work, long turn, long seq) {
    }

    private static final class Line {
        final List<Request> waiting = new ArrayList<>();
        final Map<String, Instant> booting = new HashMap<>();
        final Map<String, String> bootingUsers = new HashMap<>();
        Duration average = FIRST_GUESS;
    }

    private final Executor executor;
    private final ToIntFunction<String> slots;
    private final Clock clock;
    private final Map<String, Line> lines = new HashMap<>();
    private long seq;

    /** @param slots how many boots a host takes at once, by host id */
    public BootQueue(Executor executor, ToIntFunction<String> slots, Clock clock) {
        this.executor = executor;
        this.slots = slots;
        this.clock = clock;
    }

    /** Queues a boot on a host; it runs as soon as the host has a free slot and it is its turn. */
    public void submit(String id, String host, String user, Kind kind, Runnable work) {
        synchronized (this) {
            Line line = lines.computeIfAbsent(host, h -> new Line());
            long turn = user == null ? 0 : line.bootingUsers.values().stream().filter(user::equals).count()
                    + line.waiting.stream().filter(r -> user.equals(r.user())).count();
            line.waiting.add(new Request(id, host, user, kind, work, turn, seq++));
        }
        dispatch(host);
    }

    /** Takes a waiting request out of the queue; false when it is booting already, or was never queued. */
    public synchronized boolean cancel(String id) {
        for (Line line : lines.values()) {
            if (line.waiting.removeIf(r -> r.id().equals(id))) {
                return true;
            }
        }
        return false;
    }

    /** Where a request is, while it waits or boots. */
    public synchronized Optional<Position> position(String id) {
        Instant now = clock.instant();
        for (Map.Entry<String, Line> e : lines.entrySet()) {
            Line line = e.getValue();
            Instant started = line.booting.get(id);
            if (started != null) {
                Instant ready = started.plus(line.average);
                return Optional.of(new Position(0, ready.isBefore(now) ? now.plusSeconds(1) : ready));
            }
            List<Request> order = order(line);
            for (int i = 0; i < order.size(); i++) {
                if (order.get(i).id().equals(id)) {
                    int width = Math.max(1, slots.applyAsInt(e.getKey()));
                    // the boots running now and those ahead, `width` at a time, then its own
                    long rounds = (line.booting.size() + i) / width + 1;
                    return Optional.of(new Position(i + 1, now.plus(line.average.multipliedBy(rounds))));
                }
            }
        }
        return Optional.empty();
    }

    /** Requests waiting (not yet booting) on every host. */
    public synchronized int waiting() {
        return lines.values().stream().mapToInt(l -> l.waiting.size()).sum();
    }

    /** Requests waiting of one kind. */
    public synchronized int waiting(Kind kind) {
        return (int) lines.values().stream().flatMap(l -> l.waiting.stream()).filter(r -> r.kind() == kind).count();
    }

    /** Boots running now on a host. */
    public synchronized int booting(String host) {
        Line line = lines.get(host);
        return line == null ? 0 : line.booting.size();
    }

    /** What a boot takes on this host lately (a moving average). */
    public synchronized Duration typicalBoot(String host) {
        Line line = lines.get(host);
        return line == null ? FIRST_GUESS : line.average;
    }

    /**
     * The order requests will be taken in: learners in turns (everyone's first request, then everyone's second, …;
     * first come first within a turn), then pool refills. A request's turn is fixed when it comes; only someone's
     * earlier-turn request can still go ahead of it.
     */
    private static List<Request> order(Line line) {
        List<Request> order = new ArrayList<>(line.waiting.stream().filter(r -> r.kind() == Kind.LEARNER)
                .sorted(Comparator.comparingLong(Request::turn).thenComparingLong(Request::seq)).toList());
        line.waiting.stream().filter(r -> r.kind() == Kind.POOL).sorted(Comparator.comparingLong(Request::seq))
                .forEach(order::add);
        return order;
    }

    private void dispatch(String host) {
        List<Request> start = new ArrayList<>();
        synchronized (this) {
            Line line = lines.get(host);
            int width = Math.max(1, slots.applyAsInt(host));
            while (line.booting.size() < width && !line.waiting.isEmpty()) {
                Request next = order(line).get(0);
                if (next.kind() == Kind.POOL && width > 1 && line.booting.size() >= width - 1) {
                    break; // the last slot stays free for a learner who may come any second
                }
                line.waiting.remove(next);
                line.booting.put(next.id(), clock.instant());
                if (next.user() != null) {
                    line.bootingUsers.put(next.id(), next.user());
                }
                start.add(next);
            }
        }
        for (Request r : start) {
            executor.execute(() -> run(r));
        }
    }

    private void run(Request r) {
        try {
            r.work().run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "boot " + r.id() + " on " + r.host() + " failed", e);
        } finally {
            synchronized (this) {
                Line line = lines.get(r.host());
                Instant started = line.booting.remove(r.id());
                line.bootingUsers.remove(r.id());
                Duration took = Duration.between(started, clock.instant());
                // a moving average that follows the host's load within a few boots
                line.average = Duration.ofMillis((line.average.toMillis() * 2 + took.toMillis()) / 3);
            }
            dispatch(r.host());
        }
    }
}
