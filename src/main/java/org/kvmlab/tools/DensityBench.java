package org.kvmlab.tools;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    private final BenchSessions sessions;
    private final Consumer<String> progress;

    DensityBench(BenchSessions sessions, Consumer<String> progress) {
        this.sessions = sessions;
        this.progress = progress;
    }

    /** @param onPoint receives each level as soon as it is measured, so a later failure keeps the earlier ones */
    void run(Lab lab, List<Integer> steps, int gradings, Consumer<BenchReport.DensityPoint> onPoint)
            throws InterruptedException, ExecutionException {
        LabGuest guest = lab.guests().get(0);
        LabStep step = GradingBench.xpathStep(guest.name());
        long baseline = HostMemory.availableKiB();
        List<String> running = new ArrayList<>();
        ExecutorService boots = Executors.newFixedThreadPool(PARALLEL_BOOTS);
        try {
            for (int k : steps) {
                long started = System.nanoTime();
                List<Future<String>> booting = new ArrayList<>();
                for (int i = running.size(); i < k; i++) {
                    booting.add(boots.submit(() -> sessions.boot(lab)));
                }
                for (Future<String> f : booting) {
                    running.add(f.get());
                }
                double bootSeconds = (System.nanoTime() - started) / 1e9;
                progress.accept(k + " idle guests running (" + booting.size() + " booted in "
                        + Math.round(bootSeconds) + " s); measuring");
                GuestAgent.pause(SETTLE);
                onPoint.accept(measure(k, baseline, running, lab, step, gradings, bootSeconds));
            }
        } finally {
            boots.shutdownNow();
        }
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
