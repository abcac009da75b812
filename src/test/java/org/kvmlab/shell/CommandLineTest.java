package org.kvmlab.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Word splitting like a shell: blanks, quotes and backslashes, nothing expanded. */
class CommandLineTest {

    @Test
    void splitsOnBlanks() throws Exception {
        assertThat(CommandLine.split("  list   --all ")).containsExactly("list", "--all");
    }

    @Test
    void singleQuotesAreLiteral() throws Exception {
        assertThat(CommandLine.split("qemu-agent-command web01 '{\"execute\":\"guest-ping\"}'"))
                .containsExactly("qemu-agent-command", "web01", "{\"execute\":\"guest-ping\"}");
        assertThat(CommandLine.split("echo 'a\\b'")).containsExactly("echo", "a\\b");
    }

    @Test
    void doubleQuotesKeepBlanksAndTakeEscapes() throws Exception {
        assertThat(CommandLine.split("snapshot-create-as web01 s1 --description \"before the \\\"big\\\" change\""))
                .containsExactly("snapshot-create-as", "web01", "s1", "--description", "before the \"big\" change");
    }

    @Test
    void backslashEscapesOutsideQuotes() throws Exception {
        assertThat(CommandLine.split("a\\ b c")).containsExactly("a b", "c");
    }

    @Test
    void emptyQuotesMakeAnEmptyWord() throws Exception {
        assertThat(CommandLine.split("x '' y")).containsExactly("x", "", "y");
    }

    @Test
    void anOpenQuoteIsAnError() {
        assertThatThrownBy(() -> CommandLine.split("dominfo 'web01")).isInstanceOf(ShellException.class)
                .hasMessage("dangling quote: ' is never closed");
    }

    @Test
    void shellMetacharactersAreJustText() throws Exception {
        assertThat(CommandLine.split("list; rm -rf / | cat $(id) `x`"))
                .containsExactly("list;", "rm", "-rf", "/", "|", "cat", "$(id)", "`x`");
    }
}
