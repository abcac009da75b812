package org.kvmlab.observability;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks every {@link ReadinessSource} at once, each bounded by {@link #TIMEOUT}: a hung database or libvirtd
 * makes its component DOWN instead of hanging the health endpoint.
 */
@ApplicationScoped
public class Readiness {

    static final Duration TIMEOUT = Duration.ofSeconds(3);

    @Inject
    @Any
    Instance<ReadinessSource> sources;

    @Resource
    ManagedExecutorService executor;

    /** A source's probe still running from an earlier request: awaited again rather than started twice. */
    private final Map<Class<?>, CompletableFuture<List<ReadinessSource.Component>>> running =
            new ConcurrentHashMap<>();

    /** Every component of every source, sorted by name. */
    public List<ReadinessSource.Component> components() {
        return ask(sources.stream().toList(), executor, TIMEOUT, running);
    }

    /**
     * Asks {@code all} on {@code executor}, waiting at most {@code timeout} in total. A source whose earlier
     * probe still hangs (kept in {@code running}) is not probed again, so polling a hung libvirtd does not pile
     * up threads: it stays DOWN until that probe ends.
     */
    static List<ReadinessSource.Component> ask(List<ReadinessSource> all, Executor executor, Duration timeout,
            Map<Class<?>, CompletableFuture<List<ReadinessSource.Component>>> running) {
        List<CompletableFuture<List<ReadinessSource.Component>>> asked = all.stream()
                .map(s -> running.compute(s.getClass(), (k, earlier) -> earlier != null && !earlier.isDone()
                        ? earlier : CompletableFuture.supplyAsync(s::components, executor)))
                .toList();
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ReadinessSource.Component> components = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            components.addAll(await(asked.get(i), deadline, all.get(i), timeout));
        }
        components.sort(Comparator.comparing(ReadinessSource.Component::name));
        return components;
    }

    /** True when every component is up (and there is at least one). */
    /** Ready: every component but the hosts is up, and at least one host ({@code host-…}) is. */
    public static boolean ready(List<ReadinessSource.Component> components) {
        List<ReadinessSource.Component> hosts = components.stream().filter(c -> c.name().startsWith("host-")).toList();
        return !components.isEmpty() && components.stream().filter(c -> !c.name().startsWith("host-"))
                .allMatch(ReadinessSource.Component::up) && (hosts.isEmpty() || hosts.stream()
                .anyMatch(ReadinessSource.Component::up));
    }

    public static boolean allUp(List<ReadinessSource.Component> components) {
        return !components.isEmpty() && components.stream().allMatch(ReadinessSource.Component::up);
    }

    private static List<ReadinessSource.Component> await(CompletableFuture<List<ReadinessSource.Component>> answer,
                                                         long deadline, ReadinessSource source, Duration timeout) {
        String name = sourceName(source);
        try {
            return answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return List.of(new ReadinessSource.Component(name, false, "no answer within " + timeout.toMillis()
                    + " ms"));
        } catch (ExecutionException e) {
            return List.of(new ReadinessSource.Component(name, false, "check failed: " + e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of(new ReadinessSource.Component(name, false, "interrupted"));
        }
    }

    /** A public name for a source that could not name its components: its class, without CDI's proxy suffix. */
    private static String sourceName(ReadinessSource source) {
        String simple = source.getClass().getSimpleName();
        int proxy = simple.indexOf('$');
        return (proxy > 0 ? simple.substring(0, proxy) : simple).replace("Readiness", "")
                .toLowerCase(java.util.Locale.ROOT);
    }
}
