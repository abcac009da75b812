package org.kvmlab.tools;

import java.util.List;

/** The arguments of {@code ./kvmlab bench [--rounds N] [lab-id]}. */
record BenchOptions(int rounds, String labId) {

    static final int DEFAULT_ROUNDS = 3;
    static final String DEFAULT_LAB = "virtio-devices";

    /** @throws IllegalArgumentException with a message that says what is wrong with the arguments */
    static BenchOptions parse(List<String> args) {
        int rounds = DEFAULT_ROUNDS;
        String lab = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--rounds") || arg.startsWith("--rounds=")) {
                String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1)
                        : i + 1 < args.size() ? args.get(++i) : "";
                rounds = positive(value);
            } else if (arg.startsWith("-")) {
                throw new IllegalArgumentException("unknown option '" + arg + "'");
            } else if (lab != null) {
                throw new IllegalArgumentException("one lab at a time, not '" + lab + "' and '" + arg + "'");
            } else {
                lab = arg;
            }
        }
        return new BenchOptions(rounds, lab == null ? DEFAULT_LAB : lab);
    }

    private static int positive(String value) {
        try {
            int rounds = Integer.parseInt(value.strip());
            if (rounds > 0) {
                return rounds;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("--rounds needs a whole number of 1 or more, not '" + value + "'");
    }
}
