package org.kvmlab.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kvmlab.catalog.Lab;
import org.kvmlab.guest.GuestState;
import org.kvmlab.guest.Hypervisor;
import org.kvmlab.session.LabRuntime;
import org.kvmlab.testing.Labs;
import org.kvmlab.testing.TestDriverRuntime;

/** The virsh shell on libvirt's test driver: output, errors, and that a session sees only its own guests. */
class VirshShellTest {

    @TempDir
    Path work;
    Hypervisor hypervisor;
    LabRuntime runtime;
    VirshShell shell;
    Lab lab;
    final String mine = UUID.randomUUID().toString();
    final String theirs = UUID.randomUUID().toString();
    VirshShell.Scope scope;

    @BeforeEach
    void setUp() throws Exception {
        TestDriverRuntime driver = TestDriverRuntime.open(work, "shell001");
        hypervisor = driver.hypervisor();
        runtime = driver.runtime();
        lab = Labs.lab("virtio-devices");
        runtime.provision(mine, lab, Instant.parse("2030-01-01T00:00:00Z"));
        runtime.provision(theirs, lab, Instant.parse("2030-01-01T00:00:00Z"));
        shell = new VirshShell(runtime);
        scope = new VirshShell.Scope(mine, lab);
    }

    @AfterEach
    void tearDown() {
        runtime.teardown(mine);
        runtime.teardown(theirs);
        hypervisor.close();
    }

    private ShellResult run(String line) {
        return shell.run(scope, line);
    }

    @Test
    void listShowsOnlyTheLearnersGuestsInTheirNames() {
        ShellResult list = run("list --all");
        assertThat(list.exitCode()).isZero();
        assertThat(list.output()).containsPattern("(?m)^ Id\\s+Name\\s+State$").containsPattern("(?m)^ \\d+\\s+web01\\s+running$")
                .doesNotContain("kvmlab-").doesNotContain(theirs);
        assertThat(list.output().lines().filter(l -> l.contains("web01"))).hasSize(1);
    }

    @Test
    void powerCommandsChangeTheGuest() {
        assertThat(run("domstate web01").output()).isEqualTo("running");
        assertThat(run("destroy web01").output()).isEqualTo("Domain 'web01' destroyed");
        assertThat(hypervisor.state(LabRuntime.platformName(mine, "web01"))).isEqualTo(GuestState.SHUTOFF);
        assertThat(run("list").output()).doesNotContain("web01");
        assertThat(run("list --inactive").output()).contains("web01");
        ShellResult again = run("destroy web01");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.output()).isEqualTo("error: Failed to destroy domain 'web01'\nerror: Requested operation is"
                + " not valid: domain is not running");
        assertThat(run("start web01").output()).isEqualTo("Domain 'web01' started");
        assertThat(hypervisor.state(LabRuntime.platformName(theirs, "web01"))).isEqualTo(GuestState.RUNNING);
    }

    @Test
    void anotherLearnersGuestDoesNotExist() {
        String theirName = LabRuntime.platformName(theirs, "web01");
        for (String line : new String[] {"dominfo " + theirName, "destroy " + theirName, "dumpxml " + theirName,
            "domstate web02"}) {
            ShellResult r = run(line);
            assertThat(r.exitCode()).as(line).isEqualTo(1);
            assertThat(r.output()).as(line).startsWith("error: failed to get domain '");
        }
        assertThat(hypervisor.state(theirName)).isEqualTo(GuestState.RUNNING);
    }

    @Test
    void dominfoAndDumpxmlDescribeTheGuest() {
        String info = run("dominfo web01").output();
        assertThat(info).containsPattern("(?m)^Name:\\s+web01$").containsPattern("(?m)^State:\\s+running$")
                .containsPattern("(?m)^Max memory:\\s+131072 KiB$").containsPattern("(?m)^Autostart:\\s+disable$");
        assertThat(run("dumpxml web01 --inactive").output()).startsWith("<domain").contains("<devices>");
    }

    @Test
    void autostartAndSnapshots() {
        assertThat(run("autostart web01").output()).isEqualTo("Domain 'web01' marked as autostarted");
        assertThat(hypervisor.autostart(LabRuntime.platformName(mine, "web01"))).isTrue();
        assertThat(run("autostart web01 --disable").output()).isEqualTo("Domain 'web01' unmarked as autostarted");
        assertThat(run("snapshot-create-as web01 before --description \"before the change\"").output())
                .isEqualTo("Domain snapshot before created");
        assertThat(run("snapshot-list web01").output()).containsPattern("(?m)^ before\\s+\\S+\\s+running$");
        assertThat(run("snapshot-info web01 before").output()).containsPattern("(?m)^Current:\\s+yes$");
        assertThat(run("snapshot-create-as web01 before").output())
                .isEqualTo("error: operation failed: domain snapshot 'before' already exists");
    }

    @Test
    void poolsVolumesAndNetworksAreTheLearnersOwn() {
        assertThat(run("pool-list").output()).containsPattern("(?m)^ lab\\s+active\\s+yes$");
        String volumes = run("vol-list lab").output();
        assertThat(volumes).contains("web01-disk0.qcow2").doesNotContain(theirs).doesNotContain("kvmlab-");
        assertThat(run("vol-list default").output()).isEqualTo("error: failed to get pool 'default'");
        assertThat(run("net-list").output()).containsPattern("(?m)^ lab\\s+active");
        assertThat(run("net-dumpxml lab").output()).startsWith("<network");
        assertThat(run("domblklist web01").output()).containsPattern("(?m)^ hda\\s+\\(lab\\)$");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "frobnicate web01|error: unknown command: 'frobnicate'",
        "dominfo|error: command 'dominfo' requires <domain> option",
        "list --everything|error: command 'list' doesn't support option --everything",
        "domstate web01 extra|error: unexpected data 'extra'",
        "dominfo 'web01|error: dangling quote: ' is never closed",
        "help nothing|error: command 'nothing' doesn't exist",
        "qemu-agent-command web01 '{\"execute\":\"guest-exec\"}'|error: kvmlab only sends read-only agent commands:",
        "snapshot-create-as web01 ../etc|error: invalid snapshot name '../etc'",
    })
    void badInputGetsAVirshLikeError(String line, String error) {
        ShellResult r = run(line);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.output()).startsWith(error).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void helpExplainsEveryCommand() {
        assertThat(run("help").output()).contains("dominfo").contains("snapshot-create-as");
        for (String command : shell.commandNames()) {
            ShellResult r = run(command + " --help");
            assertThat(r.exitCode()).as(command).isZero();
            assertThat(r.output()).as(command).contains("SYNOPSIS").contains(command);
        }
    }

    @Test
    void editAsksThePageToOpenTheEditor() {
        ShellResult r = run("edit web01");
        assertThat(r.exitCode()).isZero();
        assertThat(r.edit()).contains("web01");
    }

    @Test
    void completionOffersCommandsThenTheLearnersNames() {
        assertThat(shell.complete(scope, "snap")).containsExactly("snapshot-create-as", "snapshot-info",
                "snapshot-list");
        assertThat(shell.complete(scope, "dominfo w")).containsExactly("web01");
        assertThat(shell.complete(scope, "dominfo k")).isEmpty();
    }
}
