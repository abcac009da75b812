package org.kvmlab.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.kvmlab.testing.Labs;

/** The reference solution shown to a learner reads as steps they can follow. */
class SolutionTextTest {

    @Test
    void describesEditsAndActionsInOrder() {
        Lab lab = Labs.lab("virtio-devices");
        String disk = SolutionText.describe(lab.step("disk").orElseThrow().solution());
        assertThat(disk).startsWith("1. In the XML of web01: set the attribute bus of /domain/devices/disk")
                .contains("remove /domain/devices/disk[@device='disk']/address").contains(". Apply.")
                .endsWith("Power cycle web01.");
        String legacy = SolutionText.describe(lab.step("legacy").orElseThrow().solution());
        assertThat(legacy).contains("add <rng model='virtio'>").contains("inside /domain/devices");
    }

    @Test
    void aStepWithoutSolutionSaysSo() {
        assertThat(SolutionText.describe(java.util.List.of())).contains("needs no change");
    }
}
