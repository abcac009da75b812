package org.kvmlab.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.kvmlab.catalog.Lab;
import org.kvmlab.catalog.LabLint;
import org.kvmlab.config.KvmlabConfig;
import org.kvmlab.guide.GuideLibrary;
import org.kvmlab.policy.LearnerPolicy;
import org.kvmlab.selftest.SelfTest;
import org.kvmlab.selftest.SelfTestReport;
import org.kvmlab.session.LabRuntime;

/**
 * {@code ./kvmlab selftest [lab-id…]}: proves labs on real QEMU guests, a few at a time, printing progress
 * and a per-check table; exits 1 when any lab fails. Labs that are coming are listed and skipped.
 */
final class SelfTestCommand {

    private final PrintStream out;
    private final KvmlabConfig config = new KvmlabConfig();

    SelfTestCommand(PrintStream out) {
        this.out = out;
    }

    int run(List<String> args, Path labsFolder, Path guidesFolder) throws Exception {
        LabLint lint = new LabLint(new GuideLibrary(guidesFolder), LearnerPolicy.standard());
        List<Lab> labs = new ArrayList<>();
        boolean lintProblems = false;
        for (LabLint.Result r : lint.lintAll(labsFolder)) {
            String id = r.folder().getFileName().toString();
            if (!args.isEmpty() && !args.contains(id)) {
                continue;
            }
            if (r.lab().isEmpty()) {
                out.println(id + ": not tested, it has lint problems (run ./kvmlab lint " + r.folder() + ")");
                lintProblems = true;
            } else if (!r.lab().get().available()) {
                out.println(id + ": coming, not tested (" + r.lab().get().coming().orElse("") + ")");
            } else {
                labs.add(r.lab().get());
            }
        }
        List<String> unknown = args.stream().filter(a -> labs.stream().noneMatch(l -> l.id().equals(a))
                && !Files.isDirectory(labsFolder.resolve(a))).toList();
        if (!unknown.isEmpty()) {
            out.println("kvmlab selftest: no lab " + String.join(", ", unknown) + " in " + labsFolder);
            return 2;
        }
        if (labs.isEmpty()) {
            out.println("kvmlab selftest: nothing to test.");
            return lintProblems ? 1 : 0;
        }
        try (RealGuests guests = RealGuests.open(config, "selftest")) {
            return runAll(guests, labs) && !lintProblems ? 0 : 1;
        }
    }

    private boolean runAll(RealGuests guests, List<Lab> labs) throws Exception {
        LabRuntime runtime = guests.runtime();
        int parallel = Math.max(1, Integer.parseInt(KvmlabConfig.value("KVMLAB_SELFTEST_PARALLEL").orElse("2")));
        out.println("kvmlab selftest: " + labs.size() + " labs on " + guests.info().uri() + " with "
                + guests.acceleration() + ", " + parallel + " at a time");
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        List<Future<SelfTestReport>> futures = new ArrayList<>();
        for (Lab lab : labs) {
            futures.add(pool.submit(() -> new SelfTest(runtime, line -> say(lab.id() + ": " + line)).run(lab)));
        }
        List<SelfTestReport> reports = new ArrayList<>();
        for (Future<SelfTestReport> f : futures) {
            SelfTestReport report = f.get();
            reports.add(report);
            say("\n" + report.labId() + ": " + (report.passed() ? "PASSED" : "FAILED") + " in "
                    + report.wallTime().toSeconds() + " s\n" + report.table());
        }
        pool.shutdown();
        long failed = reports.stream().filter(r -> !r.passed()).count();
        out.printf("kvmlab selftest: %d of %d labs passed in %d s wall time%s%n", reports.size() - failed,
                reports.size(), (System.nanoTime() - started) / 1_000_000_000L,
                failed == 0 ? "." : "; failed: " + String.join(", ", reports.stream().filter(r -> !r.passed())
                        .map(SelfTestReport::labId).toList()));
        return failed == 0;
    }

    private synchronized void say(String line) {
        out.println(line);
        out.flush();
    }

}
