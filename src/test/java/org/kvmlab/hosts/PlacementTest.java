package org.kvmlab.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlacementTest {

    static final HostCaps CAPS = new HostCaps(4096, 8, 10, 2);
    static final Demand LAB = new Demand(1, 512, 1, false);

    static Placement.Candidate host(String id, long usedMemory, int guests) {
        return new Placement.Candidate(id, true, false, false, CAPS, new Demand(guests, usedMemory, guests, false));
    }

    @Test
    void theHostWithTheMostMemoryLeftTakesTheSession() {
        Placement.Choice choice = Placement.choose(List.of(host("a", 3000, 3), host("b", 1000, 5), host("c", 2000, 1)),
                LAB);

        assertThat(choice.host()).contains("b");
    }

    @Test
    void onEqualMemoryTheHostWithFewerGuestsThenTheFirstIdWins() {
        assertThat(Placement.choose(List.of(host("a", 1000, 4), host("b", 1000, 2)), LAB).host()).contains("b");
        assertThat(Placement.choose(List.of(host("b", 1000, 2), host("a", 1000, 2)), LAB).host()).contains("a");
    }

    @Test
    void downDrainedAndFullHostsAreSkippedAndEachSaysWhy() {
        Placement.Candidate down = new Placement.Candidate("down", false, false, false, CAPS, Demand.NONE);
        Placement.Candidate drained = new Placement.Candidate("drained", true, true, false, CAPS, Demand.NONE);
        Placement.Candidate memory = host("memory", 3800, 1);
        Placement.Candidate guests = host("guests", 0, 10);
        Placement.Candidate vcpus = new Placement.Candidate("vcpus", true, false, false, CAPS,
                new Demand(2, 0, 8, false));

        Placement.Choice choice = Placement.choose(List.of(down, drained, memory, guests, vcpus), LAB);

        assertThat(choice.host()).isEmpty();
        assertThat(choice.whyNot()).contains("down: not answering", "drained: drained for maintenance",
                "memory: only 296 MiB of guest memory left", "guests: at its cap of 10 guests", "vcpus: only 0 vCPUs");
        assertThat(Placement.choose(List.of(down, new Placement.Candidate("ok", true, false, false, CAPS,
                new Demand(9, 3584, 7, false))), LAB).host()).as("exactly at the caps fits")
                .contains("ok");
    }

    @Test
    void aLabThatNeedsKvmGoesOnlyToAKvmHost() {
        Placement.Candidate tcg = host("tcg", 0, 0);
        Placement.Candidate kvm = new Placement.Candidate("kvm", true, false, true, CAPS, new Demand(5, 3000, 5, false));
        Demand needsKvm = new Demand(1, 512, 1, true);

        assertThat(Placement.choose(List.of(tcg, kvm), needsKvm).host()).contains("kvm");
        assertThat(Placement.choose(List.of(tcg), needsKvm).whyNot()).contains("needs KVM");
        assertThat(Placement.choose(List.of(), LAB).whyNot()).isEqualTo("no host is registered");
    }

    @Test
    void defaultCapsComeFromTheHost() {
        var info = new org.kvmlab.guest.HypervisorInfo("qemu:///system", false, "h", "9.0.0", 2, 24_000);
        HostCaps defaults = HostCaps.of(HostSettings.defaults("local", "qemu:///system"), info);
        HostCaps set = HostCaps.of(new HostSettings("local", "qemu:///system", 8192, 2.5, 40, 3, false), info);

        assertThat(defaults).isEqualTo(new HostCaps(24_000 - 1024, 128, Integer.MAX_VALUE, 2));
        assertThat(set).isEqualTo(new HostCaps(8192, 5, 40, 3));
    }
}
