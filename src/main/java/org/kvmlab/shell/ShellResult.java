package org.kvmlab.shell;

import java.util.Optional;

/**
 * What a shell command printed and its exit status (0 success, 1 error), as virsh would report them.
 *
 * @param edit        the guest whose XML the {@code edit} command asks the page to open in the editor
 * @param editNetwork whether {@code net-edit} asks the page to open the network editor
 * @param refusal     when the policy refused the command or what it asked for: what and why (for the audit)
 */
public record ShellResult(String output, int exitCode, Optional<String> edit, boolean editNetwork,
                          Optional<String> refusal) {

    public ShellResult(String output, int exitCode, Optional<String> edit) {
        this(output, exitCode, edit, false, Optional.empty());
    }

    static ShellResult ok(String output) {
        return new ShellResult(output, 0, Optional.empty());
    }

    static ShellResult error(String message) {
        return new ShellResult("error: " + message, 1, Optional.empty());
    }

    static ShellResult refused(String message) {
        return new ShellResult("error: " + message, 1, Optional.empty(), false, Optional.of(message));
    }
}
