package org.kvmlab.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BootQueueTest {

    static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    /** Runs boots only when the test says so, so that what waits and what boots is exact. */
    static final class ManualExecutor implements java.util.concurrent.Executor {
        final List<Runnable> started = new ArrayList<>();

        @Override
        public synchronized void execute(Runnable r) {
            started.add(r);
        }

        synchronized Runnable take(int i) {
            return started.remove(i);
        }
    }

    final ManualExecutor executor = new ManualExecutor();
    final List<String> ran = new ArrayList<>();

    BootQueue queue(int slots) {
        return new BootQueue(executor, host -> slots, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    void submit(BootQueue q, String id, String user, BootQueue.Kind kind) {
        q.submit(id, "h1", user, kind, () -> ran.add(id));
    }

    @Test
    void learnersTakeTurnsSoOnePersonCannotHoldUpTheOthers() {
        BootQueue q = queue(1);
        submit(q, "a1", "ann", BootQueue.Kind.LEARNER);
        submit(q, "a2", "ann", BootQueue.Kind.LEARNER);
        submit(q, "a3", "ann", BootQueue.Kind.LEARNER);
        submit(q, "b1", "bob", BootQueue.Kind.LEARNER);
        submit(q, "c1", "cat", BootQueue.Kind.LEARNER);

        assertThat(executor.started).hasSize(1);
        assertThat(q.position("a1")).hasValueSatisfying(p -> assertThat(p.place()).isZero());
        assertThat(List.of("b1", "c1", "a2", "a3")).extracting(id -> q.position(id).orElseThrow().place())
                .containsExactly(1, 2, 3, 4);

        List<String> order = new ArrayList<>();
        while (!executor.started.isEmpty()) {
            executor.take(0).run();
            order.add(ran.get(ran.size() - 1));
        }
        assertThat(order).containsExactly("a1", "b1", "c1", "a2", "a3");
        assertThat(q.waiting()).isZero();
    }

    @Test
    void firstComeFirstServedAmongPeopleWithNothingBooting() {
        BootQueue q = queue(2);
        for (String id : List.of("p1", "p2", "p3", "p4", "p5")) {
            submit(q, id, "user-" + id, BootQueue.Kind.LEARNER);
        }
        assertThat(executor.started).hasSize(2);
        assertThat(q.position("p3").orElseThrow().place()).isEqualTo(1);
        assertThat(q.position("p5").orElseThrow().place()).isEqualTo(3);
        while (!executor.started.isEmpty()) {
            executor.take(0).run();
        }
        assertThat(ran).containsExactly("p1", "p2", "p3", "p4", "p5");
    }

    @Test
    void estimatesGrowWithThePlaceInLineAndTheHostsWidth() {
        BootQueue q = queue(2);
        for (String id : List.of("r1", "r2", "r3", "r4", "r5")) {
            submit(q, id, id, BootQueue.Kind.LEARNER);
        }
        Duration boot = BootQueue.FIRST_GUESS;
        // r1 and r2 boot; r3 and r4 go in the next round, r5 in the one after
        assertThat(q.position("r1").orElseThrow().estimatedReadyAt()).isEqualTo(NOW.plus(boot));
        assertThat(q.position("r3").orElseThrow().estimatedReadyAt()).isEqualTo(NOW.plus(boot.multipliedBy(2)));
        assertThat(q.position("r4").orElseThrow().estimatedReadyAt()).isEqualTo(NOW.plus(boot.multipliedBy(2)));
        assertThat(q.position("r5").orElseThrow().estimatedReadyAt()).isEqualTo(NOW.plus(boot.multipliedBy(3)));
        assertThat(q.position("nobody")).isEmpty();
    }

    @Test
    void poolRefillsWaitForLearnersAndNeverTakeTheLastSlot() {
        BootQueue q = queue(2);
        submit(q, "pool1", null, BootQueue.Kind.POOL);
        submit(q, "pool2", null, BootQueue.Kind.POOL);
        assertThat(executor.started).as("one slot stays free for learners").hasSize(1);

        submit(q, "learner", "ann", BootQueue.Kind.LEARNER);
        assertThat(executor.started).as("the learner boots at once").hasSize(2);
        assertThat(q.position("pool2").orElseThrow().place()).isEqualTo(1);

        submit(q, "learner2", "bob", BootQueue.Kind.LEARNER);
        assertThat(q.position("learner2").orElseThrow().place()).as("learners go before waiting refills").isEqualTo(1);
        assertThat(q.position("pool2").orElseThrow().place()).isEqualTo(2);
        while (!executor.started.isEmpty()) {
            executor.take(0).run();
        }
        assertThat(ran).containsExactly("pool1", "learner", "learner2", "pool2");
    }

    @Test
    void aWaitingRequestCanBeCancelledAndNeverRunsButABootingOneCannot() {
        BootQueue q = queue(1);
        submit(q, "first", "ann", BootQueue.Kind.LEARNER);
        submit(q, "second", "bob", BootQueue.Kind.LEARNER);

        assertThat(q.cancel("first")).as("already booting").isFalse();
        assertThat(q.cancel("second")).isTrue();
        assertThat(q.cancel("second")).isFalse();
        executor.take(0).run();

        assertThat(executor.started).isEmpty();
        assertThat(ran).containsExactly("first");
        assertThat(q.position("second")).isEmpty();
    }

    @Test
    void aFailingBootFreesItsSlotForTheNext() {
        BootQueue q = queue(1);
        q.submit("broken", "h1", "ann", BootQueue.Kind.LEARNER, () -> {
            throw new IllegalStateException("hypervisor refused");
        });
        submit(q, "next", "bob", BootQueue.Kind.LEARNER);
        executor.take(0).run();
        executor.take(0).run();

        assertThat(ran).containsExactly("next");
        assertThat(q.booting("h1")).isZero();
    }

    @Test
    void underLoadFromManyThreadsEveryRequestRunsExactlyOnceAndNeverMoreThanTheSlotsAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        int slots = 3;
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Set<String> done = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        int requests = 400;
        CountDownLatch finished = new CountDownLatch(requests);
        BootQueue q = new BootQueue(pool, host -> slots, Clock.systemUTC());
        ExecutorService submitters = Executors.newFixedThreadPool(8);
        for (int i = 0; i < requests; i++) {
            String id = "s" + i;
            String host = "h" + (i % 2);
            BootQueue.Kind kind = i % 5 == 0 ? BootQueue.Kind.POOL : BootQueue.Kind.LEARNER;
            submitters.execute(() -> q.submit(id, host, kind == BootQueue.Kind.POOL ? null : "u" + (id.hashCode() % 7),
                    kind, () -> {
                        int now = running.incrementAndGet();
                        most.accumulateAndGet(now, Math::max);
                        Thread.onSpinWait();
                        if (!done.add(id)) {
                            duplicates.incrementAndGet();
                        }
                        running.decrementAndGet();
                        finished.countDown();
                    }));
        }
        assertThat(finished.await(60, TimeUnit.SECONDS)).as("every request ran").isTrue();
        submitters.shutdown();
        pool.shutdown();
        // the last boots' slots are given back just after their work returned
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

        assertThat(done).hasSize(requests);
        assertThat(duplicates.get()).isZero();
        assertThat(most.get()).as("two hosts with three slots each").isLessThanOrEqualTo(2 * slots);
        assertThat(q.waiting()).isZero();
        assertThat(q.booting("h0") + q.booting("h1")).isZero();
    }
}
