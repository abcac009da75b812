package org.kvmlab.tools;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.kvmlab.catalog.Coverage;
import org.kvmlab.catalog.Lab;
import org.kvmlab.catalog.LabLint;
import org.kvmlab.catalog.LabProblem;
import org.kvmlab.guide.GuideLibrary;
import org.kvmlab.policy.LearnerPolicy;

/**
 * {@code ./kvmlab lint [--coverage] [path…]}: every problem of every lab at once, as
 * {@code file:line:column: message}; exit 0 when clean, 1 when there are problems.
 */
final class LintCommand {

    private final PrintStream out;

    LintCommand(PrintStream out) {
        this.out = out;
    }

    int run(List<String> args, Path guidesFolder) {
        boolean coverage = args.contains("--coverage");
        List<String> paths = args.stream().filter(a -> !a.equals("--coverage")).toList();
        for (String arg : paths) {
            if (arg.startsWith("-")) {
                out.println("kvmlab lint: unknown option '" + arg + "'. Usage: ./kvmlab lint [--coverage] [path…]");
                return 2;
            }
        }
        LabLint lint = new LabLint(new GuideLibrary(guidesFolder), LearnerPolicy.standard());
        List<Lab> labs = new ArrayList<>();
        int problems = 0;
        int broken = 0;
        int count = 0;
        for (String arg : paths.isEmpty() ? List.of("labs") : paths) {
            Path path = Path.of(arg);
            for (LabLint.Result result : lint.lintAll(path)) {
                count++;
                Path base = result.folder().toAbsolutePath().normalize().getParent();
                for (LabProblem p : result.problems()) {
                    out.println(relative(base, p));
                }
                if (!result.clean()) {
                    broken++;
                    problems += result.problems().size();
                }
                result.lab().ifPresent(labs::add);
            }
        }
        if (coverage) {
            out.println();
            out.print(new Coverage(labs).render());
        }
        out.println(problems == 0 ? "kvmlab lint: " + count + " labs, no problems."
                : "kvmlab lint: " + problems + " problem" + (problems == 1 ? "" : "s") + " in " + broken + " of "
                        + count + " labs.");
        return problems == 0 ? 0 : 1;
    }

    /** The problem with its file named from the current directory, so editors can jump to it. */
    private static String relative(Path base, LabProblem p) {
        Path cwd = Path.of("").toAbsolutePath();
        Path file = base.resolve(p.file()).normalize();
        String shown = file.startsWith(cwd) ? cwd.relativize(file).toString() : file.toString();
        return new LabProblem(shown, p.line(), p.column(), p.message()).toString();
    }
}
