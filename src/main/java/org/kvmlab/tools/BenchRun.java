package org.kvmlab.tools;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.kvmlab.catalog.Lab;
import org.kvmlab.config.KvmlabConfig;
import org.kvmlab.guest.GuestAgent;
import org.kvmlab.guest.Hypervisor;
import org.kvmlab.tools.BenchRow.Unit;

/**
 * One benchmark run, part after part, each adding its rows to the report as soon as it has them: first through
 * a platform the bench starts (floor and cold start in alternating rounds, each first in every other round, so both
 * meet the same host load; warm start; class rush without and with a pool), then in-process on the platform's own
 * runtime (grading latency, density). Whatever fails or is stopped, every guest, disk and network it made is
 * removed, and checked gone.
 */
final class BenchRun {

    static final double COLD_RATIO_TARGET = 1.10;
    static final double WARM_TARGET_S = 0.5;
    static final double GRADING_P95_TARGET_MS = 100;
    static final int DENSITY_TARGET = 60;
    private static final String NO_POOL = "no pool API";
    /** Before each timed start: the previous guest's removal (QEMU exiting, memory freed) is over. */
    private static final Duration SETTLE = Duration.ofSeconds(1);

    private final KvmlabConfig config;
    private final RealGuests guests;
    private final StopGuard guard;
    private final BenchReport report;
    private final BenchOptions options;
    private final Consumer<String> say;
    private final BenchSessions sessions;
    private final List<String> platformSessions = new ArrayList<>();
    /** Why the density climb stopped short, when it did. */
    private String densityStop = "";

    BenchRun(KvmlabConfig config, RealGuests guests, StopGuard guard, BenchReport report, BenchOptions options,
             Consumer<String> say) {
        this.config = config;
        this.guests = guests;
        this.guard = guard;
        this.report = report;
        this.options = options;
        this.say = say;
        this.sessions = new BenchSessions(guests.runtime());
    }

    void run(Lab lab) {
        guard.fallback(sessions::endAll);
        try {
            part("through the platform", () -> throughThePlatform(lab));
            part("grading latency", () -> grading(lab));
            part("density", () -> density(lab));
        } finally {
            say.accept("removing the bench's own guests, disks and networks");
            List<String> left = sessions.endAll();
            if (!left.isEmpty()) {
                report.problem("LEFT BEHIND on the hypervisor: " + String.join(", ", left)
                        + " (remove with virsh destroy/undefine, vol-delete --pool " + guests.runtime().pool()
                        + ", net-destroy/net-undefine)");
            }
            verifyNothingLeft();
            report.host("bootRetries", sessions.retries());
            if (!sessions.retries().isEmpty()) {
                say.accept(sessions.retries().size() + " in-process boots were tried again: "
                        + String.join(" | ", sessions.retries().stream().distinct().toList()));
            }
        }
    }

    /** Looks on the hypervisor for anything named after any session of this run: guests, networks, disks. */
    private void verifyNothingLeft() {
        Hypervisor hypervisor = guests.hypervisor();
        List<String> ids = new ArrayList<>(sessions.opened());
        ids.addAll(platformSessions);
        List<String> found = new ArrayList<>();
        for (String id : ids) {
            String prefix = org.kvmlab.session.LabRuntime.PREFIX + id + "-";
            found.addAll(hypervisor.listGuests(prefix));
            found.addAll(hypervisor.listNetworks(prefix));
            found.addAll(hypervisor.listVolumes(guests.runtime().pool(), prefix));
        }
        report.host("sessionsChecked", ids.size());
        report.host("leftBehind", found);
        if (found.isEmpty()) {
            say.accept("checked: nothing of the run's " + ids.size() + " sessions is left on the hypervisor");
        } else {
            report.problem("LEFT BEHIND on the hypervisor: " + String.join(", ", found));
        }
    }

    /** A part of the run that may fail on its own. */
    private interface Part {
        void run() throws Exception;
    }

    /** Runs one part; its failure is reported and the next part still runs, unless the bench is stopping. */
    private void part(String name, Part part) {
        if (guard.stopping()) {
            return;
        }
        try {
            part.run();
        } catch (Exception e) {
            report.problem((guard.stopping() ? "stopped in " : "failed in ") + name + ": " + BenchCommand.message(e));
        }
    }

    private void stopIfAsked() {
        if (guard.stopping() || Thread.currentThread().isInterrupted()) {
            throw new IllegalStateException("the bench was asked to stop");
        }
    }

    private void throughThePlatform(Lab lab) throws Exception {
        Path data = config.dataDir().resolve("bench").resolve("platform");
        say.accept("starting the platform (Payara Micro) with its data in " + data);
        Hypervisor hypervisor = guests.hypervisor();
        PlatformBench platform = null;
        try (PlatformServer server = PlatformServer.start(data, Map.of(
                "KVMLAB_LIBVIRT_URI", guests.info().uri(),
                "KVMLAB_ACCEL", guests.acceleration().name().toLowerCase(Locale.ROOT),
                "KVMLAB_IMAGES", config.imagesDir().toString(),
                "KVMLAB_LABS", config.labsDir().toAbsolutePath().toString(),
                "KVMLAB_GUIDES", config.guidesDir().toAbsolutePath().toString()))) {
            platform = new PlatformBench(server, hypervisor, say);
            PlatformBench p = platform;
            guard.fallback(() -> {
                sessions.endAll();
                PlatformLeftovers.remove(hypervisor, data, p.startedSessions());
            });
            coldStarts(lab, platform);
            stopIfAsked();
            boolean pools = platform.hasPools();
            warmStart(lab, platform, pools);
            stopIfAsked();
            rushes(lab, platform, pools);
        } finally {
            if (platform != null) {
                platformSessions.addAll(platform.startedSessions());
                List<String> left = PlatformLeftovers.remove(hypervisor, data, platform.startedSessions());
                if (!left.isEmpty()) {
                    report.problem("the platform left behind " + String.join(", ", left) + "; the bench removed them");
                }
            }
            guard.fallback(sessions::endAll);
        }
    }

    private void coldStarts(Lab lab, PlatformBench platform) throws Exception {
        FloorBench floorBench = new FloorBench(sessions, guests.image(), guests.acceleration());
        List<Duration> floor = new ArrayList<>();
        List<Duration> prepare = new ArrayList<>();
        List<Duration> cold = new ArrayList<>();
        // a warm-up start of each, untimed: the first boot pays for reading the kernel and image into page cache
        say.accept("warm-up: one floor start and one platform start, untimed");
        floorBench.once(lab);
        platform.coldStart(lab);
        for (int n = 1; n <= options.rounds(); n++) {
            stopIfAsked();
            // each goes first in every other round, after a pause that lets the previous guest's removal settle
            if (n % 2 == 0) {
                GuestAgent.pause(SETTLE);
                cold.add(platform.coldStart(lab));
            }
            GuestAgent.pause(SETTLE);
            FloorBench.Floor f = floorBench.once(lab);
            floor.add(f.boot());
            prepare.add(f.prepare());
            if (n % 2 == 1) {
                GuestAgent.pause(SETTLE);
                cold.add(platform.coldStart(lab));
            }
            say.accept(String.format(Locale.ROOT, "round %d/%d: floor %.3f s, platform cold start %.3f s", n,
                    options.rounds(), seconds(floor.get(n - 1)), seconds(cold.get(n - 1))));
        }
        report.samples("floor", floor);
        report.samples("floorPrepare", prepare);
        report.samples("coldStart", cold);
        double floorS = Percentiles.of(floor).p50Ms() / 1000;
        double coldS = Percentiles.of(cold).p50Ms() / 1000;
        String of = " (median of " + options.rounds() + ")";
        report.add(BenchRow.info("floor", "floor: define + start -> agent, libvirt direct" + of, floorS,
                Unit.SECONDS));
        report.add(BenchRow.info("floorPrepare", "  not in the floor: overlay disk + session network" + of,
                Percentiles.of(prepare).p50Ms() / 1000, Unit.SECONDS));
        report.add(BenchRow.info("coldStart", "cold start: API call -> agent answers" + of, coldS, Unit.SECONDS));
        report.add(BenchRow.atMost("coldStartRatio", "cold start / floor", coldS / floorS, Unit.RATIO,
                COLD_RATIO_TARGET, String.format(Locale.ROOT, "<= %.2f x", COLD_RATIO_TARGET)));
    }

    private void warmStart(Lab lab, PlatformBench platform, boolean pools) {
        String target = String.format(Locale.ROOT, "<= %.3f s", WARM_TARGET_S);
        if (!pools) {
            report.add(BenchRow.notMeasured("warmStart", "warm start from a pool: API call -> agent", target,
                    NO_POOL));
            return;
        }
        List<Duration> warm = new ArrayList<>();
        platform.pool(lab, 1);
        for (int n = 1; n <= options.rounds(); n++) {
            platform.pool(lab, 1);
            warm.add(platform.coldStart(lab));
        }
        platform.pool(lab, 0);
        report.samples("warmStart", warm);
        report.add(BenchRow.atMost("warmStart", "warm start from a pool: API call -> agent (median of "
                + options.rounds() + ")", Percentiles.of(warm).p50Ms() / 1000, Unit.SECONDS, WARM_TARGET_S, target));
    }

    private void rushes(Lab lab, PlatformBench platform, boolean pools) throws Exception {
        int n = options.rush();
        say.accept("class rush: " + n + " Starts at once, no pool");
        rushRows("rushNoPool", "class rush, " + n + " Starts at once, no pool", platform.rush(lab, n));
        String measure = "class rush, " + n + " Starts at once, pool of " + n;
        if (!pools) {
            report.add(BenchRow.notMeasured("rushPool", measure + ": last guest ready", "", NO_POOL));
            return;
        }
        say.accept("class rush: filling a pool of " + n);
        platform.pool(lab, n);
        say.accept("class rush: " + n + " Starts at once, from the pool");
        PlatformBench.Rush warm = platform.rush(lab, n);
        platform.pool(lab, 0);
        rushRows("rushPool", measure, warm);
    }

    private void rushRows(String key, String measure, PlatformBench.Rush rush) {
        report.samples(key, rush.ready());
        report.host(key + "Failures", rush.failures());
        if (rush.ready().isEmpty()) {
            report.add(BenchRow.notMeasured(key, measure + ": last guest ready", "", "no start succeeded"));
        } else {
            Percentiles p = Percentiles.of(rush.ready());
            report.add(BenchRow.info(key, measure + ": last guest ready", p.maxMs() / 1000, Unit.SECONDS));
            report.add(BenchRow.info(key + "P50", measure + ": median learner ready", p.p50Ms() / 1000,
                    Unit.SECONDS));
        }
        int total = rush.ready().size() + rush.failures().size();
        BenchRow failed = BenchRow.atMost(key + "Failed", measure + ": starts that failed", rush.failures().size(),
                Unit.COUNT, 0, "0 of " + total);
        report.add(new BenchRow(failed.key(), failed.measure(), failed.value(), failed.unit(), failed.target(),
                failed.verdict(), rush.failures().stream().distinct().limit(3).reduce((a, b) -> a + " | " + b)
                        .orElse("")));
    }

    private void grading(Lab lab) {
        say.accept("grading latency: booting one guest");
        String session = sessions.boot(lab);
        String guest = lab.guests().get(0).name();
        GradingBench bench = new GradingBench(guests.runtime());
        try {
            say.accept("grading latency: " + options.gradings() + " gradings of each step");
            row("gradingXpath", "grading, 10 XPath checks (LabRuntime.grade)",
                    bench.time(session, GradingBench.xpathStep(guest), options.gradings()), true);
            row("gradingAgent", "grading, 7 XPath + 3 guest-agent checks",
                    bench.time(session, GradingBench.agentStep(guest), options.gradings()), false);
        } finally {
            sessions.end(session);
        }
    }

    private void row(String key, String measure, List<Duration> samples, boolean targeted) {
        report.samples(key, samples);
        Percentiles p = Percentiles.of(samples);
        report.add(BenchRow.info(key + "P50", measure + ": p50", p.p50Ms(), Unit.MILLIS));
        report.add(targeted ? BenchRow.atMost(key + "P95", measure + ": p95", p.p95Ms(), Unit.MILLIS,
                GRADING_P95_TARGET_MS, "<= 100 ms") : BenchRow.info(key + "P95", measure + ": p95", p.p95Ms(),
                Unit.MILLIS));
    }

    private void density(Lab lab) throws Exception {
        say.accept("density: up to " + options.maxGuests() + " idle guests, at " + options.densitySteps());
        List<BenchReport.DensityPoint> points = new ArrayList<>();
        try {
            new DensityBench(sessions, say).run(lab, options.densitySteps(), options.gradings(), point -> {
                points.add(point);
                report.density(point);
                say.accept(String.format(Locale.ROOT, "K=%d: %.0f MiB per guest (QEMU RSS %.0f MiB),"
                        + " grading p95 %.1f ms", point.guests(), point.memoryPerGuestMiB(),
                        point.qemuRssPerGuestMiB(), point.grading().p95Ms()));
            }).ifPresent(why -> {
                say.accept("density: " + why);
                densityStop = why;
            });
        } finally {
            densityRows(points);
            say.accept("density: removing " + sessions.count() + " guests");
            List<String> left = sessions.endAll();
            if (!left.isEmpty()) {
                report.problem("density: LEFT BEHIND " + String.join(", ", left));
            }
        }
    }

    private void densityRows(List<BenchReport.DensityPoint> points) {
        // the most guests up to which every level kept grading within target
        int within = 0;
        int previous = 0;
        for (BenchReport.DensityPoint p : points) {
            String k = "K=" + p.guests() + " idle guests: ";
            report.add(BenchRow.info("density" + p.guests() + "Memory", k + "host memory per guest",
                    p.memoryPerGuestMiB(), Unit.MIB));
            report.add(BenchRow.info("density" + p.guests() + "Rss", k + "QEMU RSS per guest",
                    p.qemuRssPerGuestMiB(), Unit.MIB));
            report.add(BenchRow.atMost("density" + p.guests() + "GradingP95", k + "grading p95, 10 XPath checks",
                    p.grading().p95Ms(), Unit.MILLIS, GRADING_P95_TARGET_MS, "<= 100 ms"));
            if (p.grading().p95Ms() <= GRADING_P95_TARGET_MS && within == previous) {
                within = p.guests();
            }
            previous = p.guests();
        }
        if (!points.isEmpty()) {
            BenchRow row = BenchRow.atLeast("density", "idle guests with grading p95 within target", within,
                    Unit.GUESTS, DENSITY_TARGET, ">= " + DENSITY_TARGET + " guests");
            report.add(new BenchRow(row.key(), row.measure(), row.value(), row.unit(), row.target(), row.verdict(),
                    densityStop));
        }
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
