package org.kvmlab.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The one learner policy and how a lab adapts it: grants switch optional rules on, denials take elements and
 * commands away, caps only go down, and a lab's settings are checked before use.
 */
class LearnerPolicyTest {

    static final String CANONICAL = DomainPolicyTest.CANONICAL;
    static final String PINNED = CANONICAL.replace("<os>", "<cputune><vcpupin vcpu='0' cpuset='0'/></cputune>\n  <os>");

    @Test
    void grantsAreOffUnlessALabSwitchesThemOn() throws Exception {
        PolicyRefusal refusal = catchThrowableOfType(PolicyRefusal.class,
                () -> LearnerPolicy.standard().domain().admit(PINNED, CANONICAL, PolicyCase.LAB_LIMITS));
        assertThat(refusal).isNotNull();
        assertThat(refusal.violations()).extracting(PolicyViolation::element).containsExactly("domain/cputune");
        assertThat(refusal.getMessage()).contains("not part of this lab").contains("host CPUs");

        LearnerPolicy pinning = LearnerPolicy.standard().forLab(PolicySettings.STANDARD.withGrants(Set.of("cputune")));
        assertThat(pinning.domain().admit(PINNED, CANONICAL, PolicyCase.LAB_LIMITS)).contains("<vcpupin");
    }

    @Test
    void aGrantNeverOpensWhatTheAllowlistRefuses() {
        LearnerPolicy all = LearnerPolicy.standard().forLab(PolicySettings.STANDARD
                .withGrants(Set.of("cputune", "numatune", "memtune", "iothreads")));
        String realtime = CANONICAL.replace("<os>", "<cputune><vcpusched vcpus='0' scheduler='fifo' priority='1'/>"
                + "</cputune>\n  <os>");
        PolicyRefusal refusal = catchThrowableOfType(PolicyRefusal.class,
                () -> all.domain().admit(realtime, CANONICAL, PolicyCase.LAB_LIMITS));
        assertThat(refusal.violations()).extracting(PolicyViolation::element).contains("domain/cputune/vcpusched");
        assertThat(refusal.getMessage()).contains("starve the host");
    }

    @Test
    void aLabCanTakeElementsAway() throws Exception {
        LearnerPolicy noSound = LearnerPolicy.standard().forLab(new PolicySettings(Set.of(),
                Set.of("domain/devices/sound"), Set.of(), LabLimits.PLATFORM));
        String withSound = CANONICAL.replace("</devices>", "<sound model='ich9'/>\n  </devices>");
        assertThat(LearnerPolicy.standard().domain().admit(withSound, CANONICAL, PolicyCase.LAB_LIMITS))
                .contains("<sound");
        PolicyRefusal refusal = catchThrowableOfType(PolicyRefusal.class,
                () -> noSound.domain().admit(withSound, CANONICAL, PolicyCase.LAB_LIMITS));
        assertThat(refusal.violations()).extracting(PolicyViolation::element).contains("domain/devices/sound");
        assertThat(refusal.getMessage()).contains("This lab does not use <sound>");
    }

    @Test
    void aLabCanTakeCommandsAwayAndKvmlabExplainsTheOnesItNeverOffers() {
        LearnerPolicy noRevert = LearnerPolicy.standard().forLab(new PolicySettings(Set.of(), Set.of(),
                Set.of("snapshot-revert"), LabLimits.PLATFORM));
        assertThat(LearnerPolicy.standard().commands().allows("snapshot-revert")).isTrue();
        assertThat(noRevert.commands().allows("snapshot-revert")).isFalse();
        assertThat(noRevert.commands().refusal("snapshot-revert")).hasValue("'snapshot-revert' is not available in"
                + " this lab.");
        assertThat(noRevert.commands().refusal("list")).isEmpty();
        assertThat(LearnerPolicy.standard().commands().refusal("qemu-monitor-command")).get().asString()
                .startsWith("kvmlab does not offer 'qemu-monitor-command': ").contains("around libvirt");
        assertThat(LearnerPolicy.standard().commands().refusal("no-such-command")).isEmpty();
    }

    @Test
    void refusedCommandsAreNeverOfferedAndEachSaysWhy() {
        CommandPolicy commands = LearnerPolicy.standard().commands();
        assertThat(commands.refusedEverywhere()).isNotEmpty();
        commands.refusedEverywhere().forEach((command, why) -> {
            assertThat(commands.offered()).as(command).doesNotContain(command);
            assertThat(why).as(command).isNotBlank();
        });
        Set<String> overlap = new HashSet<>(commands.offered());
        overlap.retainAll(commands.refusedEverywhere().keySet());
        assertThat(overlap).isEmpty();
    }

    @Test
    void aLabsSettingsAreCheckedBeforeUse() {
        PolicySettings wrong = new PolicySettings(Set.of("hostdev"), Set.of("domain/devices/nonsense"),
                Set.of("blockcopy"), new LabLimits(11, 5, 9));
        List<String> problems = LearnerPolicy.standard().problems(wrong);
        assertThat(problems).anyMatch(p -> p.startsWith("unknown grant 'hostdev'"))
                .anyMatch(p -> p.startsWith("cannot deny 'domain/devices/nonsense'"))
                .anyMatch(p -> p.startsWith("cannot deny 'blockcopy'"))
                .anyMatch(p -> p.startsWith("snapshots must be between 0 and 10"))
                .anyMatch(p -> p.startsWith("volumes must be between 0 and 4"))
                .anyMatch(p -> p.startsWith("volumeGiB must be between 1 and 8"));
        assertThatThrownBy(() -> LearnerPolicy.standard().forLab(wrong)).isInstanceOf(IllegalArgumentException.class);
        assertThat(LearnerPolicy.standard().problems(PolicySettings.STANDARD)).isEmpty();
    }

    @Test
    void theLabSchemaNamesExactlyThePolicysGrants() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(Path.of("labs/lab.schema.json").toFile());
        Set<String> inSchema = new HashSet<>();
        schema.at("/properties/policy/properties/grant/items/enum").forEach(g -> inSchema.add(g.asText()));
        assertThat(inSchema).isEqualTo(DomainPolicy.defaultAllowlist().grants().keySet());
        assertThat(schema.at("/properties/policy/properties/limits/properties/snapshots/maximum").asInt())
                .isEqualTo(LabLimits.PLATFORM.snapshotsPerGuest());
        assertThat(schema.at("/properties/policy/properties/limits/properties/volumes/maximum").asInt())
                .isEqualTo(LabLimits.PLATFORM.volumes());
        assertThat(schema.at("/properties/policy/properties/limits/properties/volumeGiB/maximum").asInt())
                .isEqualTo(LabLimits.PLATFORM.volumeGiB());
    }
}
