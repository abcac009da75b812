package org.kvmlab.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kvmlab.testing.Labs;

/** {@code ./kvmlab lint}: every problem of a broken lab at once, the repository's labs clean, the coverage. */
class LintCommandTest {

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final LintCommand lint = new LintCommand(new PrintStream(buffer, true, StandardCharsets.UTF_8));

    private String output() {
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aBrokenCheckIsCaughtWithItsPlace() {
        int exit = lint.run(List.of("src/test/resources/lint-fixtures/broken-check"), Labs.guidesFolder());

        assertThat(exit).isEqualTo(1);
        assertThat(output()).contains("src/test/resources/lint-fixtures/broken-check/lab.yaml:15:9: check"
                + " 'two-vcpus': Invalid XPath '/domain/vcpu = = 2'");
        assertThat(output()).contains("src/test/resources/lint-fixtures/broken-check/vm1.xml:11:")
                .contains("the policy would refuse this starting XML: The element <hostdev> is not allowed");
        assertThat(output()).contains("src/test/resources/lint-fixtures/broken-check/steps/vcpus.md:3:1: raw HTML");
        assertThat(output()).contains("kvmlab lint: 3 problems in 1 of 1 labs.");
    }

    @Test
    void theSelfTestFixturesAreCleanForLint() {
        // what lint cannot see is the self-test's job (SelfTestIT)
        assertThat(lint.run(List.of("src/test/resources/selftest-fixtures"), Labs.guidesFolder())).isZero();
        assertThat(output()).contains("kvmlab lint: 2 labs, no problems.");
    }

    @Test
    void theCurriculumIsCleanAndGradesMostPractices() {
        int exit = lint.run(List.of("--coverage", Labs.labsFolder().toString()), Labs.guidesFolder());

        assertThat(exit).as(output()).isZero();
        assertThat(output()).containsPattern("\\n\\s+10  Use paravirtual disks\\s+virtio-devices: disk-bus-virtio");
        String summary = output().replaceAll("(?s).*\\n(\\d+) of 39 practices are graded.*", "$1");
        assertThat(Integer.parseInt(summary)).isGreaterThanOrEqualTo(30);
    }

    @Test
    void aLabIsLintedUnderItsOwnPolicy(@org.junit.jupiter.api.io.TempDir java.nio.file.Path work) throws Exception {
        // the performance-isolation lab, whose starting XML is pinned, without the grant it declares
        java.nio.file.Path lab = work.resolve("pinned");
        java.nio.file.Path source = Labs.labsFolder().resolve("performance-isolation");
        try (var files = java.nio.file.Files.walk(source)) {
            for (java.nio.file.Path f : files.toList()) {
                java.nio.file.Path to = lab.resolve(source.relativize(f).toString());
                if (java.nio.file.Files.isDirectory(f)) {
                    java.nio.file.Files.createDirectories(to);
                } else {
                    java.nio.file.Files.copy(f, to);
                }
            }
        }
        String yaml = java.nio.file.Files.readString(lab.resolve("lab.yaml")).replace("id: performance-isolation",
                "id: pinned");
        String xml = java.nio.file.Files.readString(lab.resolve("rt01.xml")).replace("<os>",
                "<cputune><vcpupin vcpu='0' cpuset='0'/></cputune>\n  <os>");
        java.nio.file.Files.writeString(lab.resolve("rt01.xml"), xml);
        java.nio.file.Files.writeString(lab.resolve("lab.yaml"), yaml);
        assertThat(lint.run(List.of(lab.toString()), Labs.guidesFolder())).as(output()).isZero();

        java.nio.file.Files.writeString(lab.resolve("lab.yaml"), yaml.replace("policy: {grant: [cputune, numatune]}",
                "policy: {grant: [numatune], limits: {snapshots: 20}}"));
        buffer.reset();
        assertThat(lint.run(List.of(lab.toString()), Labs.guidesFolder())).isEqualTo(1);
        assertThat(output()).contains("policy").contains("snapshots");
        java.nio.file.Files.writeString(lab.resolve("lab.yaml"), yaml.replace("policy: {grant: [cputune, numatune]}",
                "policy: {grant: [numatune]}"));
        buffer.reset();
        assertThat(lint.run(List.of(lab.toString()), Labs.guidesFolder())).isEqualTo(1);
        assertThat(output()).contains("rt01.xml:").contains("the policy would refuse this starting XML: <cputune> is"
                + " not part of this lab");
    }

    @Test
    void anUnknownOptionIsExplained() {
        assertThat(lint.run(List.of("--covrage"), Labs.guidesFolder())).isEqualTo(2);
        assertThat(output()).contains("unknown option '--covrage'");
    }
}
