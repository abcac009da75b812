package org.kvmlab.tools;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.kvmlab.config.KvmlabConfig;

/**
 * The command-line tools behind {@code ./kvmlab lint}, {@code ./kvmlab selftest} and {@code ./kvmlab bench}.
 * They use the same loader, policy, runtime and grader as the web platform, so a lab that passes here behaves
 * the same there, and the figures bench prints are the platform's own.
 */
public final class Kvmlab {

    private Kvmlab() {
    }

    public static void main(String[] args) {
        Logger.getLogger("").setLevel(Level.WARNING);
        System.exit(run(Arrays.asList(args)));
    }

    static int run(List<String> args) {
        KvmlabConfig config = new KvmlabConfig();
        Path labs = config.labsDir();
        Path guides = config.guidesDir();
        try {
            if (args.isEmpty()) {
                return usage();
            }
            List<String> rest = args.subList(1, args.size());
            switch (args.get(0)) {
                case "lint":
                    return new LintCommand(System.out).run(rest, guides);
                case "selftest":
                    return new SelfTestCommand(System.out).run(rest, labs, guides);
                case "bench":
                    return new BenchCommand(System.out, System.err).run(rest, labs, guides);
                default:
                    return usage();
            }
        } catch (Exception e) {
            System.out.println("kvmlab " + args.get(0) + ": " + e.getMessage());
            return 2;
        }
    }

    private static int usage() {
        System.out.println("usage: kvmlab lint [--coverage] [path…] | kvmlab selftest [lab-id…]"
                + " | " + BenchOptions.USAGE.substring("usage: ".length()));
        return 2;
    }
}
