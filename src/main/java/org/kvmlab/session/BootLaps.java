package org.kvmlab.session;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Where the time of one boot went: each part (network, disks, policy, define, start, agents) and how long it
 * took, in the order the parts first happened. A part met again (the disks of a second guest) adds to its time.
 * Written to the log with every boot, so a slow start can be explained without a profiler.
 */
public final class BootLaps {

    private final Map<String, Long> nanos = new LinkedHashMap<>();
    private long last = System.nanoTime();

    /** Ends the part that ran since the previous lap (or since this was made). */
    void lap(String part) {
        long now = System.nanoTime();
        nanos.merge(part, now - last, Long::sum);
        last = now;
    }

    /** How long a part took in all, zero when it never ran. */
    public Duration of(String part) {
        return Duration.ofNanos(nanos.getOrDefault(part, 0L));
    }

    /** The sum of every part. */
    public Duration total() {
        return Duration.ofNanos(nanos.values().stream().mapToLong(Long::longValue).sum());
    }

    /** For the log: {@code network 41 ms, disks 118 ms, …}. */
    @Override
    public String toString() {
        StringJoiner parts = new StringJoiner(", ");
        nanos.forEach((part, n) -> parts.add(part + " " + Duration.ofNanos(n).toMillis() + " ms"));
        return parts.toString();
    }
}
