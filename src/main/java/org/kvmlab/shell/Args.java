package org.kvmlab.shell;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The arguments of one command, parsed against what the command accepts: boolean flags ({@code --all}),
 * options with a value ({@code --description text} or {@code --description=text}) and positional words.
 * Anything else is refused with virsh's own wording.
 */
final class Args {

    private final String command;
    private final List<String> positional = new ArrayList<>();
    private final Set<String> flags = new HashSet<>();
    private final Map<String, String> options = new HashMap<>();

    private Args(String command) {
        this.command = command;
    }

    static Args parse(String command, List<String> words, Set<String> flagNames, Set<String> optionNames,
                      int maxPositional) throws ShellException {
        Args args = new Args(command);
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.startsWith("--") && w.length() > 2) {
                String name = w.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (flagNames.contains(name) && value == null) {
                    args.flags.add(name);
                } else if (optionNames.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= words.size()) {
                            throw new ShellException("command '" + command + "' requires <" + name + "> option");
                        }
                        value = words.get(++i);
                    }
                    args.options.put(name, value);
                } else {
                    throw new ShellException("command '" + command + "' doesn't support option --" + name);
                }
            } else {
                if (args.positional.size() >= maxPositional) {
                    throw new ShellException("unexpected data '" + w + "'");
                }
                args.positional.add(w);
            }
        }
        return args;
    }

    /** The n-th positional word, required. */
    String required(int n, String name) throws ShellException {
        if (positional.size() <= n) {
            throw new ShellException("command '" + command + "' requires <" + name + "> option");
        }
        return positional.get(n);
    }

    Optional<String> positional(int n) {
        return positional.size() > n ? Optional.of(positional.get(n)) : Optional.empty();
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }
}
