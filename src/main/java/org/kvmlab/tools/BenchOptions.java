package org.kvmlab.tools;

import java.nio.file.Path;
import java.util.List;

/**
 * The arguments of {@code ./kvmlab bench}: how many cold-start rounds, how far the density run climbs, how big the
 * class rush is, how many gradings each latency figure is made of, and where the JSON goes. {@code --quick} is a
 * short smoke run of every part (1 round, 10 guests, a rush of 6, 20 gradings); figures given after it win.
 */
record BenchOptions(int rounds, int maxGuests, int rush, int gradings, Path json, String labId) {

    static final int DEFAULT_ROUNDS = 7;
    static final int DEFAULT_MAX_GUESTS = 60;
    static final int DEFAULT_RUSH = 30;
    static final int DEFAULT_GRADINGS = 100;
    static final String DEFAULT_LAB = "virtio-devices";

    static final String USAGE = "usage: kvmlab bench [--quick] [--rounds N] [--max-guests N] [--rush N]"
            + " [--gradings N] [--json FILE] [lab-id]";

    /** The default run. */
    static BenchOptions defaults() {
        return new BenchOptions(DEFAULT_ROUNDS, DEFAULT_MAX_GUESTS, DEFAULT_RUSH, DEFAULT_GRADINGS, null,
                DEFAULT_LAB);
    }

    /** @throws IllegalArgumentException with a message that says what is wrong with the arguments */
    static BenchOptions parse(List<String> args) {
        BenchOptions o = args.contains("--quick") ? new BenchOptions(1, 10, 6, 20, null, DEFAULT_LAB) : defaults();
        String lab = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--quick")) {
                continue;
            }
            if (!arg.startsWith("-")) {
                if (lab != null) {
                    throw new IllegalArgumentException("one lab at a time, not '" + lab + "' and '" + arg + "'");
                }
                lab = arg;
                continue;
            }
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1)
                    : i + 1 < args.size() ? args.get(++i) : "";
            o = switch (name) {
                case "--rounds" -> o.with(positive(name, value, 1), o.maxGuests, o.rush, o.gradings, o.json);
                case "--max-guests" -> o.with(o.rounds, positive(name, value, 1), o.rush, o.gradings, o.json);
                case "--rush" -> o.with(o.rounds, o.maxGuests, positive(name, value, 1), o.gradings, o.json);
                case "--gradings" -> o.with(o.rounds, o.maxGuests, o.rush, positive(name, value, 20), o.json);
                case "--json" -> o.with(o.rounds, o.maxGuests, o.rush, o.gradings, file(value));
                default -> throw new IllegalArgumentException("unknown option '" + name + "'");
            };
        }
        return lab == null ? o : new BenchOptions(o.rounds, o.maxGuests, o.rush, o.gradings, o.json, lab);
    }

    /** Where the JSON goes: {@code --json FILE}, else {@code target/bench/bench-<stamp>.json}. */
    Path jsonOr(String stamp) {
        return json != null ? json : Path.of("target", "bench", "bench-" + stamp + ".json");
    }

    /**
     * The numbers of idle guests the density run measures at: 10, 20, 40, then every 20 more, ending exactly at
     * {@code --max-guests}.
     */
    List<Integer> densitySteps() {
        java.util.TreeSet<Integer> steps = new java.util.TreeSet<>();
        for (int k : new int[] {10, 20, 40}) {
            if (k < maxGuests) {
                steps.add(k);
            }
        }
        for (int k = 60; k < maxGuests; k += 20) {
            steps.add(k);
        }
        steps.add(maxGuests);
        return List.copyOf(steps);
    }

    private BenchOptions with(int rounds, int maxGuests, int rush, int gradings, Path json) {
        return new BenchOptions(rounds, maxGuests, rush, gradings, json, labId);
    }

    private static Path file(String value) {
        if (value.isBlank() || value.startsWith("-")) {
            throw new IllegalArgumentException("--json needs a file name, e.g. --json target/bench/run.json");
        }
        return Path.of(value);
    }

    private static int positive(String option, String value, int least) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= least) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(option + " needs a whole number of " + least + " or more, not '" + value
                + "'");
    }
}
