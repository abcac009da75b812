package org.kvmlab.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.kvmlab.catalog.Lab;
import org.kvmlab.catalog.LabException;
import org.kvmlab.catalog.LabLoader;
import org.kvmlab.config.KvmlabConfig;
import org.kvmlab.guest.HypervisorInfo;
import org.kvmlab.guide.GuideLibrary;

/**
 * {@code ./kvmlab bench}: kvmlab against the physical floor, on the real hypervisor. From one run it prints a
 * table (measure, value, target, verdict) and writes the same figures, with every raw sample, as JSON:
 * the floor against the platform's cold start, warm start from a pool, grading latency, density and a class
 * rush (see {@link BenchRun}). Targets missed are reported, not an error: the exit code is 0 when the run went
 * end to end and nothing was left on the hypervisor, 1 otherwise, 2 when the arguments name nothing to time.
 */
final class BenchCommand {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private final PrintStream out;
    private final PrintStream progress;
    private final KvmlabConfig config = new KvmlabConfig();

    /** @param out receives the table and the verdict; @param progress what the run is doing */
    BenchCommand(PrintStream out, PrintStream progress) {
        this.out = out;
        this.progress = progress;
    }

    int run(List<String> args, Path labsFolder, Path guidesFolder) {
        BenchOptions options;
        Lab lab;
        try {
            options = BenchOptions.parse(args);
            lab = load(labsFolder, guidesFolder, options.labId());
        } catch (IllegalArgumentException e) {
            out.println("kvmlab bench: " + e.getMessage());
            out.println(BenchOptions.USAGE);
            return 2;
        }
        Instant began = Instant.now();
        BenchReport report = new BenchReport();
        describe(report, options, lab, began);
        try (StopGuard guard = new StopGuard(); RealGuests guests = RealGuests.open(config, "bench")) {
            hostFacts(report, guests);
            new BenchRun(config, guests, guard, report, options, this::say).run(lab);
        } catch (Exception e) {
            report.problem(message(e));
        }
        return finish(report, options.jsonOr(STAMP.format(began)), began);
    }

    private int finish(BenchReport report, Path json, Instant began) {
        report.host("loadAverageAtEnd", HostMemory.loadAverage());
        if (!report.rows().isEmpty()) {
            out.println();
            out.print(report.table());
            report.rows().stream().filter(r -> r.value() != null && !r.note().isEmpty())
                    .forEach(r -> out.println("note, " + r.measure() + ": " + r.note()));
        }
        try {
            Files.createDirectories(json.toAbsolutePath().getParent());
            Files.writeString(json, report.json());
            out.println("kvmlab bench: figures and every sample in " + json);
        } catch (IOException e) {
            report.problem("could not write " + json + ": " + e.getMessage());
        }
        report.problems().forEach(p -> out.println("kvmlab bench: " + p));
        out.printf(Locale.ROOT, "kvmlab bench: %s in %d s wall time; host load average (1, 5, 15 min) now %s%n",
                report.problems().isEmpty() ? "ran end to end" : "did not run end to end",
                Duration.between(began, Instant.now()).toSeconds(), HostMemory.loadAverage());
        return report.problems().isEmpty() ? 0 : 1;
    }

    private static void describe(BenchReport report, BenchOptions options, Lab lab, Instant began) {
        report.host("startedAt", began.toString());
        report.option("lab", lab.id());
        report.option("rounds", options.rounds());
        report.option("maxGuests", options.maxGuests());
        report.option("rush", options.rush());
        report.option("gradings", options.gradings());
    }

    private void hostFacts(BenchReport report, RealGuests guests) {
        HypervisorInfo info = guests.info();
        report.host("cpus", info.hostCpus());
        report.host("loadAverageAtStart", HostMemory.loadAverage());
        report.host("memAvailableMiB", HostMemory.availableKiB() / 1024);
        report.host("acceleration", guests.acceleration().name().toLowerCase(Locale.ROOT));
        report.host("libvirt", info.libvirtVersion());
        report.host("uri", info.uri());
        report.host("guestImage", guests.image().kernel().getParent().getFileName().toString());
        say(String.format(Locale.ROOT, "host: %d CPUs, %d MiB available, acceleration %s, libvirt %s at %s",
                info.hostCpus(), HostMemory.availableKiB() / 1024,
                guests.acceleration().name().toLowerCase(Locale.ROOT), info.libvirtVersion(), info.uri()));
        double load = HostMemory.loadNow();
        if (load >= info.hostCpus()) {
            say(String.format(Locale.ROOT, "the host is busy (load average %.2f on %d CPUs): times will be longer"
                    + " and ratios noisier than on an idle host; for figures to keep, run the bench when nothing"
                    + " else runs", load, info.hostCpus()));
        }
    }

    private static Lab load(Path labsFolder, Path guidesFolder, String id) {
        Path folder = labsFolder.resolve(id);
        if (!Files.isRegularFile(folder.resolve("lab.yaml"))) {
            throw new IllegalArgumentException("no lab " + id + " in " + labsFolder);
        }
        Lab lab;
        try {
            lab = new LabLoader(new GuideLibrary(guidesFolder)).load(folder);
        } catch (LabException e) {
            throw new IllegalArgumentException("lab " + id + " does not load (run ./kvmlab lint " + folder + ")", e);
        }
        if (!lab.available()) {
            throw new IllegalArgumentException("lab " + id + " is coming and cannot run yet ("
                    + lab.coming().orElse("") + ")");
        }
        if (BenchSessions.agentGuests(lab).isEmpty()) {
            throw new IllegalArgumentException("lab " + id + " has no guest with the platform's guest agent:"
                    + " nothing answers, so nothing can be timed");
        }
        return lab;
    }

    private void say(String line) {
        progress.println("bench: " + line);
        progress.flush();
    }

    static String message(Throwable e) {
        Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null
                ? e.getCause() : e;
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
