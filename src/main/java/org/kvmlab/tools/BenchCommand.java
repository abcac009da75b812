package org.kvmlab.tools;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.kvmlab.catalog.Lab;
import org.kvmlab.catalog.LabException;
import org.kvmlab.catalog.LabLoader;
import org.kvmlab.config.KvmlabConfig;
import org.kvmlab.guest.HypervisorInfo;
import org.kvmlab.guide.GuideLibrary;
import org.kvmlab.session.LabRuntime;

/**
 * {@code ./kvmlab bench [--rounds N] [lab-id]}: times a lab on real guests, one session at a time, and prints a
 * line per round and the min, median and max of each figure. Speed targets live here, not in timed tests.
 * Every session is removed after its round, also when the round fails or the command is stopped. Exits 0 when
 * every round ran and nothing was left behind, 1 otherwise, 2 when the arguments name nothing to time.
 */
final class BenchCommand {

    static final String USAGE = "usage: kvmlab bench [--rounds N] [lab-id]   (default: "
            + BenchOptions.DEFAULT_ROUNDS + " rounds of " + BenchOptions.DEFAULT_LAB + ")";

    private final PrintStream out;
    private final PrintStream progress;
    private final KvmlabConfig config = new KvmlabConfig();

    /** @param out receives the figures and the verdict; @param progress what each round is doing */
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
            out.println(USAGE);
            return 2;
        }
        try (StopGuard guard = new StopGuard(); RealGuests guests = RealGuests.open(config, "bench")) {
            return bench(guests, guard, lab, options.rounds());
        } catch (Exception e) {
            out.println("kvmlab bench: " + describe(e));
            return 1;
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
        if (LabBench.timedGuests(lab).isEmpty()) {
            throw new IllegalArgumentException("lab " + id + " has no guest with the platform's guest agent:"
                    + " nothing answers, so nothing can be timed");
        }
        return lab;
    }

    private int bench(RealGuests guests, StopGuard guard, Lab lab, int rounds) {
        HypervisorInfo info = guests.info();
        out.printf("kvmlab bench: lab %s, %d round%s, one session at a time%n", lab.id(), rounds,
                rounds == 1 ? "" : "s");
        out.printf("host: %d CPUs, acceleration %s (KVMLAB_ACCEL=%s), libvirt %s at %s%n", info.hostCpus(),
                guests.acceleration().name().toLowerCase(Locale.ROOT), config.acceleration(), info.libvirtVersion(),
                info.uri());
        out.flush();
        long started = System.nanoTime();
        List<BenchRound> done = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int n = 1; n <= rounds && problems.isEmpty() && !guard.stopping(); n++) {
            problems.addAll(round(guests.runtime(), guard, lab, n, rounds, done));
        }
        if (!done.isEmpty()) {
            out.println();
            out.print(BenchTable.format(done));
        }
        if (problems.isEmpty() && guard.stopping()) {
            problems.add("stopped after " + done.size() + " of " + rounds + " rounds; every guest and disk removed");
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> out.println("kvmlab bench: " + p));
            return 1;
        }
        out.printf("kvmlab bench: %d round%s in %d s wall time; every guest and disk removed.%n", rounds,
                rounds == 1 ? "" : "s", (System.nanoTime() - started) / 1_000_000_000L);
        return 0;
    }

    /** Runs round {@code n} in a session of its own and removes it; returns what went wrong, if anything. */
    private List<String> round(LabRuntime runtime, StopGuard guard, Lab lab, int n, int rounds,
                               List<BenchRound> done) {
        String session = UUID.randomUUID().toString();
        String name = "round " + n + "/" + rounds;
        guard.fallback(() -> runtime.teardown(session));
        List<String> problems = new ArrayList<>();
        try {
            done.add(new LabBench(runtime, line -> say(name + ": " + line)).round(session, lab));
        } catch (Exception e) {
            problems.add(guard.stopping() ? "stopped in " + name + "; its guest and disks are removed"
                    : name + " failed: " + describe(e));
        } finally {
            say(name + ": removing the guest and its disks");
            remove(runtime, session).ifPresent(problems::add);
        }
        return problems;
    }

    private static Optional<String> remove(LabRuntime runtime, String session) {
        Thread.interrupted(); // a stop interrupted the round: the removal must still run
        try {
            runtime.teardown(session);
            List<String> left = runtime.leftovers(session);
            return left.isEmpty() ? Optional.empty() : Optional.of("LEFT BEHIND on the hypervisor: "
                    + String.join(", ", left) + " (remove with virsh destroy/undefine and vol-delete --pool "
                    + runtime.pool() + ")");
        } catch (RuntimeException e) {
            return Optional.of("could not remove session " + session + " (" + describe(e) + "): look for "
                    + LabRuntime.PREFIX + session + "- in virsh list --all and virsh vol-list " + runtime.pool());
        }
    }

    private void say(String line) {
        progress.println("bench " + line);
        progress.flush();
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
