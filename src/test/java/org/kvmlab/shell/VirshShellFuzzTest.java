package org.kvmlab.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.kvmlab.catalog.Lab;
import org.kvmlab.guest.GuestState;
import org.kvmlab.guest.XmlView;
import org.kvmlab.policy.LearnerPolicy;
import org.kvmlab.session.LabRuntime;
import org.kvmlab.testing.Labs;
import org.kvmlab.testing.TestDriverRuntime;

/**
 * Fuzzes the learner's virsh: {@link CommandLine#split} on any text, and {@link VirshShell#run} on command lines
 * made of the shell's commands, the ones it refuses, options, the learner's names, host paths, hostile values and
 * the names of another session on the same host (libvirt's test driver, two sessions of the same lab). Whatever is
 * typed, the shell never throws, answers with exit code 0 or 1 (1 always with "error: "), never names the other
 * session's objects unless the learner typed them, and leaves the other session's guest as it was.
 */
class VirshShellFuzzTest {

    static Path work;
    static TestDriverRuntime driver;
    static VirshShell shell;
    static Lab lab;
    static final String MINE = UUID.randomUUID().toString();
    static final String THEIRS = UUID.randomUUID().toString();
    static final String THEIR_VOLUME = "zz-their-secret-volume";
    static String theirXml;

    @BeforeContainer
    static void twoSessions() throws Exception {
        work = Files.createTempDirectory("kvmlab-shell-fuzz");
        driver = TestDriverRuntime.open(work, "shellfuzz");
        lab = Labs.lab("virtio-devices");
        driver.runtime().provision(MINE, lab, Instant.parse("2030-01-01T00:00:00Z"));
        driver.runtime().provision(THEIRS, lab, Instant.parse("2030-01-01T00:00:00Z"));
        shell = new VirshShell(driver.runtime());
        assertThat(shell.run(new VirshShell.Scope(THEIRS, lab), "vol-create-as lab " + THEIR_VOLUME + " 1M")
                .exitCode()).isZero();
        theirXml = driver.hypervisor().xml(LabRuntime.platformName(THEIRS, "web01"), XmlView.INACTIVE);
    }

    @AfterContainer
    static void endSessions() throws IOException {
        driver.runtime().teardown(MINE);
        driver.runtime().teardown(THEIRS);
        driver.close();
        try (Stream<Path> files = Files.walk(work)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    // --- word splitting --------------------------------------------------------------------------------------

    @Property(tries = 5000)
    void splittingAnyTextGivesWordsOrADanglingQuote(@ForAll @Size(max = 200) String line) {
        try {
            List<String> words = CommandLine.split(line);
            Statistics.label("split").collect("words");
            assertThat(words).doesNotContainNull();
        } catch (ShellException e) {
            Statistics.label("split").collect("dangling quote");
            assertThat(e.getMessage()).startsWith("dangling quote: ");
        }
    }

    @Property(tries = 3000)
    void singleQuotedWordsComeBackExactly(@ForAll @Size(max = 6) List<@Size(max = 20) String> words)
            throws ShellException {
        StringBuilder line = new StringBuilder();
        for (String w : words) {
            // POSIX quoting: close the quote, an escaped quote, open again
            line.append(" \t".charAt(line.length() % 2)).append('\'').append(w.replace("'", "'\\''")).append('\'');
        }
        assertThat(CommandLine.split(line.toString())).containsExactlyElementsOf(words);
    }

    // --- the shell ---------------------------------------------------------------------------------------------

    @Provide
    Arbitrary<String> commandLines() {
        LearnerPolicy policy = LearnerPolicy.standard();
        List<String> offered = List.copyOf(policy.commands().offered());
        List<String> refused = List.copyOf(policy.commands().refusedEverywhere().keySet());
        String theirGuest = LabRuntime.platformName(THEIRS, "web01");
        Arbitrary<String> command = Arbitraries.frequencyOf(
                Tuple.of(10, Arbitraries.of(offered)), Tuple.of(3, Arbitraries.of(refused)),
                Tuple.of(1, Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(10)),
                Tuple.of(1, Arbitraries.of("", "!", "|", ";", "$(id)", "`id`", "help", "--help")));
        Arbitrary<String> word = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("web01", "web02", "lab", "default", "data.qcow2", "web01-disk0.qcow2",
                        "s1", "before", "hda", "vda", "vdb", "network", "bridge", "br0", "virtio", "qcow2", "raw",
                        "vmdk", "0", "1", "2", "-1", "3", "64", "0-1", "0,^1", "1M", "64M", "1G", "9G", "12XB",
                        "999999999999999999999", "52:54:00:aa:bb:cc", "zz", "'{\"execute\":\"guest-ping\"}'",
                        "'{\"execute\":\"guest-exec\"}'", "os", "hostname")),
                Tuple.of(6, Arbitraries.of("--config", "--live", "--current", "--all", "--inactive", "--pool",
                        "--format", "--mac", "--model", "--description", "--help", "--maximum", "--persistent",
                        "--targetbus", "--subdriver", "--cache", "--total-iops-sec", "--write-bytes-sec", "--name",
                        "--snapshotname", "--disable", "--human", "--pretty", "--memspec", "--diskspec", "--file",
                        "--xml", "--", "-", "--=", "--format=qcow2", "--pool=default")),
                Tuple.of(3, Arbitraries.of(theirGuest, THEIRS, THEIR_VOLUME, "kvmlab-" + THEIRS + "-" + THEIR_VOLUME,
                        LabRuntime.networkName(THEIRS), "kvmlab-", "kvmlab-" + THEIRS)),
                Tuple.of(3, Arbitraries.of("/etc/shadow", "../../etc/passwd", "/dev/sda", "/var/run/docker.sock",
                        "qemu:///system", "test:///default", "file:///etc/passwd", "~", "*", "$HOME", "%s%n")),
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(12)));
        Arbitrary<String> quoted = Arbitraries.frequencyOf(Tuple.of(8, word),
                Tuple.of(1, word.map(w -> "'" + w + "'")), Tuple.of(1, word.map(w -> "\"" + w + "\"")),
                Tuple.of(1, word.map(w -> w + "'")));
        Arbitrary<String> hostile = command.flatMap(c -> quoted.list().ofMaxSize(5).map(args -> line(c, args)));
        // lines a learner would type (an offered command on their guest, plausible arguments), so the commands'
        // successful paths are fuzzed too
        Arbitrary<String> plausible = Arbitraries.of(offered).flatMap(c -> Arbitraries.of("lab", "data.qcow2",
                "vda", "hda", "vdb", "s1", "network", "virtio", "qcow2", "0", "1", "2", "64M", "128M", "1G", "0-1",
                "--config", "--all", "--inactive", "--format", "--pool", "--model", "--description", "--maximum")
                .list().ofMaxSize(3).map(args -> {
                    List<String> withGuest = new ArrayList<>(List.of("web01"));
                    withGuest.addAll(args);
                    return line(c, withGuest);
                }));
        return Arbitraries.oneOf(hostile, plausible);
    }

    private static String line(String command, List<String> args) {
        List<String> all = new ArrayList<>();
        all.add(command);
        all.addAll(args);
        return String.join(" ", all);
    }

    @Property(tries = 3000, shrinking = ShrinkingMode.BOUNDED)
    void anyCommandLineGetsAVirshAnswerAndStaysInItsSession(@ForAll("commandLines") String line) {
        ShellResult result = shell.run(new VirshShell.Scope(MINE, lab), line);

        Statistics.label("exit").collect(result.exitCode() == 0 ? "0"
                : result.refusal().isPresent() ? "1 (refused)" : "1");
        assertThat(result.exitCode()).as(line).isIn(0, 1);
        assertThat(result.output()).as(line).isNotNull().doesNotContain("\tat ").doesNotContain("Exception");
        if (result.exitCode() == 1) {
            assertThat(result.output()).as(line).startsWith("error: ");
        }
        if (result.refusal().isPresent()) {
            assertThat(result.exitCode()).as(line).isEqualTo(1);
        }
        // what the learner typed may come back in an error; anything else of the other session may not
        String unechoed = result.output();
        for (String typed : Stream.of(line.split("[\\s'\"]+")).sorted(Comparator.comparing(String::length)
                .reversed()).toList()) {
            if (!typed.isEmpty()) {
                unechoed = unechoed.replace(typed, "");
            }
        }
        assertThat(unechoed).as("%s: the answer names the other session", line).doesNotContain(THEIRS)
                .doesNotContain(THEIR_VOLUME);
        String theirs = LabRuntime.platformName(THEIRS, "web01");
        assertThat(driver.hypervisor().xml(theirs, XmlView.INACTIVE)).as(line).isEqualTo(theirXml);
        assertThat(driver.hypervisor().state(theirs)).as(line).isEqualTo(GuestState.RUNNING);
        assertThat(driver.runtime().learnerVolumes(THEIRS)).as(line).containsOnlyKeys(THEIR_VOLUME);
        Statistics.label("exit").coverage(c -> {
            c.check("0").percentage(p -> p >= 2);
            c.check("1 (refused)").percentage(p -> p >= 5);
        });
    }
}
