package org.kvmlab.shell;

import java.util.Optional;

/**
 * What a shell command printed and its exit status (0 success, 1 error), as virsh would report them.
 *
 * @param edit the guest whose XML the {@code edit} command asks the page to open in the editor
 */
public record ShellResult(String output, int exitCode, Optional<String> edit) {

    static ShellResult ok(String output) {
        return new ShellResult(output, 0, Optional.empty());
    }

    static ShellResult error(String message) {
        return new ShellResult("error: " + message, 1, Optional.empty());
    }
}
