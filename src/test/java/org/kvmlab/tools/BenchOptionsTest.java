package org.kvmlab.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kvmlab.testing.Labs;

/**
 * The arguments of {@code ./kvmlab bench}; wrong ones are explained with exit code 2 before any guest boots
 * (these tests need no libvirtd).
 */
class BenchOptionsTest {

    @Test
    void theDefaultRunIsSevenRoundsSixtyGuestsARushOfThirtyAndAHundredGradingsOfVirtioDevices() {
        assertThat(BenchOptions.parse(List.of())).isEqualTo(new BenchOptions(7, 60, 30, 100, null, "virtio-devices"));
    }

    @Test
    void optionsAndLabInAnyOrderWithOrWithoutEquals() {
        assertThat(BenchOptions.parse(List.of("--rounds", "5", "memory", "--max-guests=20", "--rush", "8",
                "--gradings", "40", "--json", "out/b.json")))
                .isEqualTo(new BenchOptions(5, 20, 8, 40, Path.of("out/b.json"), "memory"));
    }

    @Test
    void quickIsASmallRunOfEveryPartAndLaterOptionsWin() {
        assertThat(BenchOptions.parse(List.of("--quick"))).isEqualTo(new BenchOptions(1, 10, 6, 20, null,
                "virtio-devices"));
        assertThat(BenchOptions.parse(List.of("--quick", "--max-guests", "4")).maxGuests()).isEqualTo(4);
        assertThat(BenchOptions.parse(List.of("--max-guests", "4", "--quick")).maxGuests()).isEqualTo(4);
    }

    @Test
    void wrongArgumentsSayWhatIsWrong() {
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--rounds"))).hasMessage(
                "--rounds needs a whole number of 1 or more, not ''");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--rounds", "0"))).hasMessageContaining("not '0'");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--max-guests", "ten"))).hasMessage(
                "--max-guests needs a whole number of 1 or more, not 'ten'");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--gradings", "5"))).hasMessage(
                "--gradings needs a whole number of 20 or more, not '5'");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--json"))).hasMessageStartingWith(
                "--json needs a file name");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--round", "2"))).hasMessage("unknown option '--round'");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("memory", "networking")))
                .hasMessage("one lab at a time, not 'memory' and 'networking'");
    }

    @Test
    void densityClimbsTenTwentyFortyThenByTwentyAndEndsAtTheMaximum() {
        assertThat(BenchOptions.parse(List.of()).densitySteps()).containsExactly(10, 20, 40, 60);
        assertThat(BenchOptions.parse(List.of("--max-guests", "20")).densitySteps()).containsExactly(10, 20);
        assertThat(BenchOptions.parse(List.of("--max-guests", "4")).densitySteps()).containsExactly(4);
        assertThat(BenchOptions.parse(List.of("--max-guests", "90")).densitySteps())
                .containsExactly(10, 20, 40, 60, 80, 90);
        assertThat(BenchOptions.parse(List.of("--max-guests", "30")).densitySteps()).containsExactly(10, 20, 30);
    }

    @Test
    void theJsonGoesUnderTargetUnlessNamed() {
        assertThat(BenchOptions.parse(List.of()).jsonOr("20261202-040000"))
                .isEqualTo(Path.of("target/bench/bench-20261202-040000.json"));
        assertThat(BenchOptions.parse(List.of("--json=x.json")).jsonOr("s")).isEqualTo(Path.of("x.json"));
    }

    @Test
    void anUnknownLabStopsTheCommandBeforeItConnects() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

        int exit = new BenchCommand(out, out).run(List.of("--rounds", "1", "no-such-lab"), Labs.labsFolder(),
                Labs.guidesFolder());

        assertThat(exit).isEqualTo(2);
        assertThat(buffer.toString(StandardCharsets.UTF_8)).startsWith("kvmlab bench: no lab no-such-lab in ")
                .contains(BenchOptions.USAGE);
    }
}
