package org.kvmlab.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BootLapsTest {

    @Test
    void aPartMetAgainAddsToItsTimeAndKeepsItsFirstPlace() throws InterruptedException {
        BootLaps laps = new BootLaps();
        Thread.sleep(3);
        laps.lap("disks");
        laps.lap("define");
        Thread.sleep(3);
        laps.lap("disks");
        assertThat(laps.toString()).matches("disks \\d+ ms, define \\d+ ms");
        assertThat(laps.of("disks")).isGreaterThanOrEqualTo(Duration.ofMillis(6));
        assertThat(laps.total()).isEqualTo(laps.of("disks").plus(laps.of("define")));
    }

    @Test
    void nothingTimedSaysNothing() {
        BootLaps laps = new BootLaps();
        assertThat(laps.toString()).isEmpty();
        assertThat(laps.total()).isZero();
        assertThat(laps.of("network")).isZero();
    }
}
