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
import java.util.concurrent.CompletableFuture;
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

    /** Every component of every source, sorted by name. */
    public List<ReadinessSource.Component> components() {
        List<ReadinessSource> all = sources.stream().toList();
        List<CompletableFuture<List<ReadinessSource.Component>>> asked = all.stream()
                .map(s -> CompletableFuture.supplyAsync(s::components, executor)).toList();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        List<ReadinessSource.Component> components = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            components.addAll(await(asked.get(i), deadline, all.get(i)));
        }
        components.sort(Comparator.comparing(ReadinessSource.Component::name));
        return components;
    }

    /** True when every component is up (and there is at least one). */
    public static boolean allUp(List<ReadinessSource.Component> components) {
        return !components.isEmpty() && components.stream().allMatch(ReadinessSource.Component::up);
    }

    private static List<ReadinessSource.Component> await(CompletableFuture<List<ReadinessSource.Component>> answer,
                                                         long deadline, ReadinessSource source) {
        String name = sourceName(source);
        try {
            return answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            return List.of(new ReadinessSource.Component(name, false, "no answer within " + TIMEOUT.toSeconds()
                    + " s"));
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
        return (proxy > 0 ? simple.substring(0, proxy) : simple).replace("Readiness", "").toLowerCase(java.util.Locale.ROOT);
    }
}
