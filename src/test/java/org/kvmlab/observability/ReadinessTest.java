package org.kvmlab.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReadinessTest {

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<Class<?>, CompletableFuture<List<ReadinessSource.Component>>> running = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        executor.shutdownNow();
    }

    static final class DatabaseReadiness implements ReadinessSource {
        @Override
        public List<Component> components() {
            return List.of(new Component("database", true, "H2 2.5"));
        }
    }

    static final class HostsReadiness implements ReadinessSource {
        @Override
        public List<Component> components() {
            return List.of(new Component("host b", true, ""), new Component("host a", false, "connection refused"));
        }
    }

    final class HungReadiness implements ReadinessSource {
        final AtomicInteger probes = new AtomicInteger();

        @Override
        public List<Component> components() {
            probes.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of(new Component("hung", true, ""));
        }
    }

    static final class BrokenReadiness implements ReadinessSource {
        @Override
        public List<Component> components() {
            throw new IllegalStateException("registry not started");
        }
    }

    @Test
    void thePlatformIsReadyWithItsDatabaseAndAtLeastOneHost() {
        var db = new ReadinessSource.Component("database", true, "");
        var dbDown = new ReadinessSource.Component("database", false, "");
        var local = new ReadinessSource.Component("host-local", true, "");
        var h2Down = new ReadinessSource.Component("host-h2", false, "");
        var localDown = new ReadinessSource.Component("host-local", false, "");

        assertThat(Readiness.ready(List.of(db, local, h2Down))).as("one host down, another up").isTrue();
        assertThat(Readiness.ready(List.of(db, localDown, h2Down))).as("no host answers").isFalse();
        assertThat(Readiness.ready(List.of(dbDown, local))).as("no database").isFalse();
        assertThat(Readiness.ready(List.of())).isFalse();
    }

    @Test
    void everySourcesComponentsSortedByName() {
        List<ReadinessSource.Component> all = Readiness.ask(List.of(new HostsReadiness(), new DatabaseReadiness()),
                executor, Duration.ofSeconds(5), running);
        assertThat(all).extracting(ReadinessSource.Component::name).containsExactly("database", "host a", "host b");
        assertThat(Readiness.allUp(all)).as("host a is down").isFalse();
        assertThat(Readiness.allUp(List.of(new ReadinessSource.Component("database", true, "")))).isTrue();
        assertThat(Readiness.allUp(List.of())).as("nothing reports: not ready").isFalse();
    }

    @Test
    void aHungSourceIsDownAfterTheTimeoutAndIsNotProbedAgainWhileItHangs() {
        HungReadiness hung = new HungReadiness();
        long began = System.nanoTime();
        List<ReadinessSource.Component> first = Readiness.ask(List.of(hung, new DatabaseReadiness()), executor,
                Duration.ofMillis(300), running);
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(3));
        assertThat(first).containsExactly(new ReadinessSource.Component("database", true, "H2 2.5"),
                new ReadinessSource.Component("hung", false, "no answer within 300 ms"));

        Readiness.ask(List.of(hung), executor, Duration.ofMillis(100), running);
        assertThat(hung.probes).hasValue(1);

        release.countDown();
        running.get(HungReadiness.class).join(); // the hung probe ends at last
        List<ReadinessSource.Component> after = Readiness.ask(List.of(hung), executor, Duration.ofSeconds(5), running);
        assertThat(after).containsExactly(new ReadinessSource.Component("hung", true, ""));
        assertThat(hung.probes).as("once the hang ended, each request probes anew").hasValue(2);
        Readiness.ask(List.of(hung), executor, Duration.ofSeconds(5), running);
        assertThat(hung.probes).hasValue(3);
    }

    @Test
    void aSourceThatThrowsIsDownWithTheReasonInItsDetail() {
        List<ReadinessSource.Component> all = Readiness.ask(List.of(new BrokenReadiness()), executor,
                Duration.ofSeconds(5), running);
        assertThat(all).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("broken");
            assertThat(c.up()).isFalse();
            assertThat(c.detail()).contains("registry not started");
        });
    }
}
