package org.kvmlab.tools;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.kvmlab.catalog.Lab;
import org.kvmlab.catalog.LabGuest;
import org.kvmlab.catalog.LabStep;
import org.kvmlab.guest.GuestAgent;
import org.kvmlab.session.LabRuntime;

/**
 * Density: idle lab sessions are added (booted two at a time, as boots are CPU-bound under emulation) until K
 * run, for K rising; at each K the host's memory per guest (MemAvailable before any was booted, minus now,
 * over K), the QEMU processes' resident size per guest, and the grading latency of the 10 XPath checks, spread
 * over the running guests. The sessions stay until the caller removes them.
 */
final class DensityBench {

    private static final int PARALLEL_BOOTS = 2;
    /** Lets the last boots' page cache and CPU settle before memory and latency are read. */
    private static final Duration SETTLE = Duration.ofSeconds(5);
    private static final long RESERVE_MIB = 2048;

    private final BenchSessions sessions;
    private final Consumer<String> progress;

    DensityBench(BenchSessions sessions, Consumer<String> progress) {
        this.sessions = sessions;
        this.progress = progress;
    }

    /**
     * @param onPoint receives each level as soon as it is measured, so a later failure keeps the earlier ones
     * @return why the climb stopped before the last level (the host ran short of memory), or empty
     */
    Optional<String> run(Lab lab, List<Integer> steps, int gradings, Consumer<BenchReport.DensityPoint> onPoint)
            throws InterruptedException, ExecutionException {
        LabGuest guest = lab.guests().get(0);
        LabStep step = GradingBench.xpathStep(guest.name());
        long baseline = HostMemory.availableKiB();
        List<String> running = new ArrayList<>();
        ExecutorService boots = Executors.newFixedThreadPool(PARALLEL_BOOTS);
        try {
            for (int k : steps) {
                long started = System.nanoTime();
                int before = running.size();
                Optional<String> stop = Optional.empty();
                while (running.size() < k && stop.isEmpty()) {
                    stop = memoryShort(baseline, running.size());
                    if (stop.isEmpty()) {
                        bootPair(lab, boots, Math.min(PARALLEL_BOOTS, k - running.size()), running);
                    }
                }
                double bootSeconds = (System.nanoTime() - started) / 1e9;
                progress.accept(running.size() + " idle guests running (" + (running.size() - before) + " booted in "
                        + Math.round(bootSeconds) + " s); measuring");
                if (running.size() > before) {
                    GuestAgent.pause(SETTLE);
                    onPoint.accept(measure(running.size(), baseline, running, lab, step, gradings, bootSeconds));
                }
                if (stop.isPresent()) {
                    return stop;
                }
            }
            return Optional.empty();
        } finally {
            boots.shutdownNow();
        }
    }

    private void bootPair(Lab lab, ExecutorService boots, int count, List<String> running)
            throws InterruptedException, ExecutionException {
        List<Future<String>> booting = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            booting.add(boots.submit(() -> sessions.boot(lab)));
        }
        for (Future<String> f : booting) {
            running.add(f.get());
        }
    }

    /**
     * The host is shared: more guests are booted only while, after two more of the size measured so far, at least
     * {@link #RESERVE_MIB} would stay available, so the bench never drives the host into the OOM killer.
     */
    private static Optional<String> memoryShort(long baselineKiB, int running) {
        long available = HostMemory.availableKiB();
        long perGuest = running == 0 ? 512 * 1024 : Math.max(0, (baselineKiB - available) / running);
        long after = available - PARALLEL_BOOTS * perGuest;
        return after >= RESERVE_MIB * 1024 ? Optional.empty() : Optional.of("stopped at " + running
                + " guests: " + available / 1024 + " MiB available on the host, and two more would leave less than "
                + RESERVE_MIB + " MiB for everything else");
    }

    private BenchReport.DensityPoint measure(int k, long baselineKiB, List<String> running, Lab lab, LabStep step,
                                             int gradings, double bootSeconds) {
        List<String> names = new ArrayList<>();
        for (String session : running) {
            lab.guests().forEach(g -> names.add(LabRuntime.platformName(session, g.name())));
        }
        double perGuest = (baselineKiB - HostMemory.availableKiB()) / 1024.0 / names.size();
        double rss = HostMemory.qemuRssKiB(names) / 1024.0 / names.size();
        List<Duration> samples = new ArrayList<>();
        GradingBench grading = new GradingBench(sessions.runtime());
        for (int i = 0; i < gradings; i++) {
            samples.add(grading.once(running.get(i % running.size()), step));
        }
        return new BenchReport.DensityPoint(k, perGuest, rss, Percentiles.of(samples), bootSeconds);
    }
}
