package org.kvmlab.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Reading the host's memory figures the density run is based on. */
class HostMemoryTest {

    private static final String MEMINFO = """
            MemTotal:       24683420 kB
            MemFree:        22765236 kB
            MemAvailable:   24190400 kB
            Buffers:          101708 kB
            """;

    @Test
    void theNamedLineIsReadNotAnotherOneThatContainsItsName() {
        assertThat(HostMemory.kib(MEMINFO, Pattern.compile("(?m)^MemAvailable:\\s+(\\d+) kB$"))).contains(24190400L);
        assertThat(HostMemory.kib(MEMINFO, Pattern.compile("(?m)^MemFree:\\s+(\\d+) kB$"))).contains(22765236L);
        assertThat(HostMemory.kib("VmRSS:\t  254012 kB\n", Pattern.compile("(?m)^VmRSS:\\s+(\\d+) kB$")))
                .contains(254012L);
        assertThat(HostMemory.kib("nothing here", Pattern.compile("(?m)^VmRSS:\\s+(\\d+) kB$"))).isEmpty();
    }

    @Test
    void thisHostHasMemoryAvailableAndNoQemuForAGuestThatDoesNotRun() {
        assertThat(HostMemory.availableKiB()).isPositive();
        assertThat(HostMemory.qemuRssKiB(java.util.List.of("kvmlab-no-such-guest"))).isZero();
        assertThat(HostMemory.loadAverage()).matches("\\d+\\.\\d+ \\d+\\.\\d+ \\d+\\.\\d+");
    }
}
