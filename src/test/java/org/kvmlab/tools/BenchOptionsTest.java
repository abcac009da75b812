package org.kvmlab.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kvmlab.testing.Labs;

/**
 * The arguments of {@code ./kvmlab bench}; wrong ones are explained with exit code 2 before any guest boots
 * (these tests need no libvirtd).
 */
class BenchOptionsTest {

    @Test
    void threeRoundsOfVirtioDevicesByDefault() {
        assertThat(BenchOptions.parse(List.of())).isEqualTo(new BenchOptions(3, "virtio-devices"));
    }

    @Test
    void roundsAndLabInAnyOrder() {
        assertThat(BenchOptions.parse(List.of("--rounds", "5", "memory"))).isEqualTo(new BenchOptions(5, "memory"));
        assertThat(BenchOptions.parse(List.of("memory", "--rounds=2"))).isEqualTo(new BenchOptions(2, "memory"));
    }

    @Test
    void wrongArgumentsSayWhatIsWrong() {
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--rounds"))).hasMessage(
                "--rounds needs a whole number of 1 or more, not ''");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--rounds", "0"))).hasMessageContaining("not '0'");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--rounds", "two"))).hasMessageContaining("not 'two'");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--round", "2"))).hasMessage("unknown option '--round'");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("memory", "networking")))
                .hasMessage("one lab at a time, not 'memory' and 'networking'");
    }

    @Test
    void anUnknownLabStopsTheCommandBeforeItConnects() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

        int exit = new BenchCommand(out, out).run(List.of("--rounds", "1", "no-such-lab"), Labs.labsFolder(),
                Labs.guidesFolder());

        assertThat(exit).isEqualTo(2);
        assertThat(buffer.toString(StandardCharsets.UTF_8)).startsWith("kvmlab bench: no lab no-such-lab in ")
                .contains("usage: kvmlab bench [--rounds N] [lab-id]");
    }
}
