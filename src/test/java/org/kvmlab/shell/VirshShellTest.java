package org.kvmlab.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
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
import org.kvmlab.guest.XmlView;
import org.kvmlab.policy.LabLimits;
import org.kvmlab.policy.LearnerPolicy;
import org.kvmlab.policy.PolicySettings;
import org.kvmlab.policy.PolicyRefusal;
import org.kvmlab.xml.Xml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
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
        assertThat(run("net-dumpxml lab").output()).startsWith("<network").doesNotContain("connections=");
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
        "setvcpus web01 two|error: Numeric value 'two' for <count> option is malformed or out of range",
        "setmem web01 12XB|error: invalid argument: unknown suffix 'XB'",
        "setmem web01 -5|error: Numeric value '-5' for <size> option is malformed or out of range",
        "setvcpus web01 1|error: kvmlab's virsh makes this change in the stored definition only: add --config.",
        "setvcpus web01 2 --maximum|error: --maximum must be used with --config",
        "vcpupin web01 0 0-9999 --config|error: invalid argument: CPU 9999 does not exist",
        "vcpupin web01 0 'a;b' --config|error: invalid argument: Failed to parse bitmap 'a;b'",
        "attach-disk web01 /etc/shadow vdb --config|error: kvmlab's virsh attaches your own volumes by name",
        "attach-disk web01 nothing vdb --config|error: failed to get vol 'nothing': make one first",
        "attach-interface web01 bridge br0 --config|error: kvmlab guests use the lab network only",
        "attach-interface web01 network default --config|error: failed to get network 'default'",
        "attach-interface web01 network lab --mac zz --config|error: unable to parse mac address 'zz'",
        "vol-create-as lab ../x 1M|error: Failed to create vol ../x",
        "vol-create-as lab huge 9G|error: Failed to create vol huge\\nerror: A volume in this lab holds between 1 MiB and 8 GiB.",
        "vol-create-as lab web01-disk0.qcow2 1M|error: Failed to create vol web01-disk0.qcow2",
        "vol-create-as lab x 1M --format vmdk|error: Failed to create vol x\\nerror: The value 'vmdk' of type on <format> is not allowed; use one of raw, qcow2.",
        "vol-create-as default x 1M|error: failed to get pool 'default'",
        "vol-delete web01-disk0.qcow2|error: failed to get vol 'web01-disk0.qcow2': only volumes you made",
        "vol-info ../../etc/passwd|error: failed to get vol '../../etc/passwd'",
        "snapshot-revert web01 nothing|error: Domain snapshot not found",
        "resume web01|error: Failed to resume domain 'web01'\\nerror: Requested operation is not valid: domain is not paused",
        "blkdeviotune web01 vdz|error: invalid argument: disk 'vdz' not found in domain",
        "blkdeviotune web01 hda --total-iops-sec -1 --config|error: Numeric value '-1' for <total-iops-sec> option",
    })
    void badInputGetsAVirshLikeError(String line, String error) {
        String before = hypervisor.xml(LabRuntime.platformName(mine, "web01"), XmlView.INACTIVE);
        ShellResult r = run(line);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.output()).startsWith(error.replace("\\n", "\n")).doesNotContain("Exception")
                .doesNotContain("\tat ");
        assertThat(hypervisor.xml(LabRuntime.platformName(mine, "web01"), XmlView.INACTIVE)).isEqualTo(before);
        assertThat(runtime.learnerVolumes(mine)).isEmpty();
    }

    private String stored() {
        return hypervisor.xml(LabRuntime.platformName(mine, "web01"), XmlView.INACTIVE);
    }

    @Test
    void suspendAndResume() {
        assertThat(run("suspend web01").output()).isEqualTo("Domain 'web01' suspended");
        assertThat(hypervisor.state(LabRuntime.platformName(mine, "web01"))).isEqualTo(GuestState.PAUSED);
        assertThat(run("domstate web01").output()).isEqualTo("paused");
        assertThat(run("resume web01").output()).isEqualTo("Domain 'web01' resumed");
        assertThat(hypervisor.state(LabRuntime.platformName(mine, "web01"))).isEqualTo(GuestState.RUNNING);
        run("destroy web01");
        assertThat(run("suspend web01").output()).endsWith("domain is not running");
    }

    @Test
    void theShellHasExactlyTheCommandsThePolicyOffers() {
        assertThat(Set.copyOf(shell.commandNames())).isEqualTo(LearnerPolicy.standard().commands().offered());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            save web01 /tmp/web01.save                        | it writes the guest's memory to a file on the host
            qemu-monitor-command web01 '{"execute":"quit"}'   | it talks to QEMU directly
            blockcopy web01 vda /etc/passwd                   | destination file on the host
            nwfilter-define /tmp/evil.xml                     | every guest on the host
            secret-get-value 00000000-0000-0000-0000-000000000001 | secrets are kept by the host
            nodedev-detach pci_0000_00_1f_2                   | takes a device away from the host
            pool-define-as evil dir --target /                | storage pools map folders
            net-define /tmp/evil.xml                          | your session has its own network 'lab'
            vol-upload data.qcow2 /etc/shadow                 | it reads a file on the host
            connect qemu:///system                            | connected to your lab session and nothing else
            """)
    void commandsKvmlabNeverOffersAreRefusedWithTheReason(String line, String why) {
        ShellResult result = run(line);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).startsWith("error: kvmlab does not offer '" + line.split(" ")[0] + "': ")
                .contains(why);
        assertThat(result.refusal()).isPresent();
        assertThat(run("help").output()).doesNotContain(line.split(" ")[0] + " ");
    }

    @Test
    void aLabCanTakeACommandAway() {
        scope = new VirshShell.Scope(mine, lab.withPolicy(new PolicySettings(Set.of(), Set.of(),
                Set.of("snapshot-revert"), LabLimits.PLATFORM)));
        assertThat(run("snapshot-revert web01 s1").output()).isEqualTo("error: 'snapshot-revert' is not available in"
                + " this lab.");
        assertThat(run("help").output()).doesNotContain("snapshot-revert");
        assertThat(run("snapshot-revert --help").output()).contains("not available in this lab");
        assertThat(shell.complete(scope, "snapshot-")).doesNotContain("snapshot-revert").contains("snapshot-list");
    }

    @Test
    void theSessionsOwnNetworkIsShownAndOpenedForEditing() throws Exception {
        String xml = run("net-dumpxml lab").output();
        assertThat(Xml.first(Xml.parse(xml), "/network/name").getTextContent())
                .isEqualTo(LabRuntime.networkName(mine));
        assertThat(xml).doesNotContain("<forward").doesNotContain("<ip");
        assertThat(run("net-info lab").output()).containsPattern("(?m)^Name:\\s+lab$");
        ShellResult edit = run("net-edit lab");
        assertThat(edit.exitCode()).isZero();
        assertThat(edit.editNetwork()).isTrue();
        assertThat(run("net-dumpxml default").output()).isEqualTo("error: failed to get network 'default'");
        assertThat(run("net-edit " + LabRuntime.networkName(theirs)).output()).startsWith("error: failed to get network");
    }

    @Test
    void volumeXmlIsShownForTheLearnersOwnVolumesOnly() {
        assertThat(run("vol-create-as lab data.qcow2 1M --format qcow2").exitCode()).isZero();
        assertThat(run("vol-dumpxml data.qcow2").output()).contains("<volume").contains("<format type='qcow2'/>");
        shell.run(new VirshShell.Scope(theirs, lab), "vol-create-as lab secret 1M");
        assertThat(run("vol-dumpxml secret").output()).isEqualTo("error: failed to get vol 'secret'");
        assertThat(run("vol-dumpxml web01-disk0.qcow2").output()).as("the guest's own disk is the learner's too")
                .contains("<name>" + LabRuntime.platformName(mine, "web01") + "-disk0.qcow2</name>");
    }

    @Test
    void aVolumeOverThePersonsDiskCapIsRefused() {
        scope = new VirshShell.Scope(mine, lab, bytes -> {
            if (bytes > (2L << 20)) {
                throw new org.kvmlab.session.UserQuotas.OverQuota("Your volumes may hold 2 MiB in all.");
            }
        });
        assertThat(run("vol-create-as lab small 1M").exitCode()).isZero();
        assertThat(run("vol-create-as lab big 3M").output()).isEqualTo("error: Failed to create vol big\nerror: Your"
                + " volumes may hold 2 MiB in all.");
        assertThat(runtime.learnerVolumes(mine)).containsOnlyKeys("small");
    }

    @Test
    void pinningNeedsALabThatGrantsIt() throws Exception {
        run("destroy web01");
        ShellResult pin = run("vcpupin web01 0 0 --config");
        assertThat(pin.exitCode()).isEqualTo(1);
        assertThat(pin.output()).contains("<cputune> is not part of this lab");
        assertThat(pin.refusal()).as("recorded as a policy refusal").isPresent();
        assertThat(run("iothreadadd web01 1 --config").output()).contains("<iothreads> is not part of this lab");
        assertThat(Xml.select(Xml.parse(stored()), "/domain/cputune")).isEmpty();
    }

    @Test
    void configCommandsChangeTheStoredDefinitionThroughThePolicy() throws Exception {
        lab = lab.withPolicy(PolicySettings.STANDARD.withGrants(Set.of("cputune", "iothreads")));
        scope = new VirshShell.Scope(mine, lab);
        run("destroy web01");
        assertThat(run("setvcpus web01 2 --maximum --config").exitCode()).isZero();
        assertThat(run("setvcpus web01 1").exitCode()).isZero();
        assertThat(run("vcpupin web01 1 0").exitCode()).isZero();
        assertThat(run("emulatorpin web01 0").exitCode()).isZero();
        assertThat(run("setmaxmem web01 256M").exitCode()).isZero();
        assertThat(run("setmem web01 196608").exitCode()).isZero();
        assertThat(run("iothreadadd web01 1").exitCode()).isZero();
        assertThat(run("iothreadadd web01 3").output()).contains("the next one is 2");
        assertThat(run("blkdeviotune web01 hda --total-iops-sec 500 --write-bytes-sec 1048576").exitCode()).isZero();
        Document xml = Xml.parse(stored());
        assertThat(Xml.first(xml, "/domain/vcpu").getTextContent()).isEqualTo("2");
        assertThat(Xml.first(xml, "/domain/vcpu").getAttribute("current")).isEqualTo("1");
        assertThat(Xml.first(xml, "/domain/cputune/vcpupin[@vcpu='1']").getAttribute("cpuset")).isEqualTo("0");
        assertThat(Xml.first(xml, "/domain/cputune/emulatorpin").getAttribute("cpuset")).isEqualTo("0");
        assertThat(DomainEdits.kib(xml, "/domain/memory")).isEqualTo(262144);
        assertThat(DomainEdits.kib(xml, "/domain/currentMemory")).isEqualTo(196608);
        assertThat(Xml.first(xml, "/domain/iothreads").getTextContent()).isEqualTo("1");
        assertThat(Xml.first(xml, "/domain/devices/disk/iotune/total_iops_sec").getTextContent()).isEqualTo("500");
        assertThat(run("vcpupin web01").output()).containsPattern("(?m)^ 0\\s+0-\\d+$").containsPattern("(?m)^ 1\\s+0$");
        assertThat(run("emulatorpin web01").output()).endsWith("*: 0");
        assertThat(run("iothreadinfo web01").output()).containsPattern("(?m)^ 1\\s+0-\\d+$");
        assertThat(run("blkdeviotune web01 hda").output()).contains("total_iops_sec:  500")
                .contains("write_bytes_sec: 1048576").contains("read_bytes_sec:  0");
        assertThat(run("blkdeviotune web01 hda --total-iops-sec 0").exitCode()).isZero();
        assertThat(stored()).doesNotContain("total_iops_sec").contains("write_bytes_sec");

        String before = stored();
        ShellResult tooBig = run("setmaxmem web01 4G");
        assertThat(tooBig.exitCode()).isEqualTo(1);
        assertThat(tooBig.output()).startsWith("error: kvmlab did not apply this change:").contains("256");
        assertThat(run("setvcpus web01 8 --maximum --config").output()).startsWith("error: kvmlab did not apply");
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void aRunningGuestChangesLiveOrWithConfig() throws Exception {
        String name = LabRuntime.platformName(mine, "web01");
        assertThat(run("setmem web01 64M").output()).isEmpty();
        assertThat(DomainEdits.kib(Xml.parse(hypervisor.xml(name, XmlView.LIVE)), "/domain/currentMemory"))
                .isEqualTo(65536);
        assertThat(run("setmem web01 1G").output()).isEqualTo("error: invalid argument: cannot set memory higher"
                + " than max memory");
        ShellResult config = run("setvcpus web01 2 --maximum --config");
        assertThat(config.exitCode()).isZero();
        assertThat(config.output()).contains("takes effect at its next boot");
        assertThat(Xml.first(Xml.parse(stored()), "/domain/vcpu").getTextContent()).isEqualTo("2");
        assertThat(run("vcpuinfo web01").output()).containsPattern("(?m)^VCPU:\\s+0$")
                .containsPattern("(?m)^State:\\s+running$").containsPattern("(?m)^CPU Affinity:\\s+y+$");
    }

    @Test
    void ownVolumesAreMadeAttachedDetachedAndDeleted() throws Exception {
        assertThat(run("vol-create-as lab data.qcow2 64M --format qcow2").output()).isEqualTo("Vol data.qcow2 created");
        assertThat(run("vol-list lab").output()).contains("data.qcow2").contains("web01-disk0.qcow2");
        assertThat(run("vol-info data.qcow2 --pool lab").output()).containsPattern("(?m)^Capacity:\\s+64.00 MiB$");
        assertThat(run("vol-create-as lab data.qcow2 1M").output()).contains("exists already");
        assertThat(shell.complete(scope, "attach-disk web01 da")).containsExactly("data.qcow2");
        assertThat(run("attach-disk web01 data.qcow2 vdb").output()).contains("add --config");
        run("destroy web01");
        assertThat(run("attach-disk web01 data.qcow2 vdb").output()).isEqualTo("Disk attached successfully");
        Element disk = Xml.first(Xml.parse(stored()), "/domain/devices/disk[target/@dev='vdb']");
        assertThat(disk).isNotNull();
        assertThat(Xml.child(disk, "source").getAttribute("file")).endsWith("kvmlab-" + mine + "-data.qcow2");
        assertThat(Xml.child(disk, "driver").getAttribute("type")).isEqualTo("qcow2");
        assertThat(Xml.child(disk, "target").getAttribute("bus")).isEqualTo("virtio");
        assertThat(run("domblklist web01").output()).containsPattern("(?m)^ vdb\\s");
        assertThat(run("vol-delete data.qcow2").output()).contains("it is a disk of web01");
        assertThat(run("detach-disk web01 vdb").output()).isEqualTo("Disk detached successfully");
        assertThat(run("vol-delete data.qcow2 --pool lab").output()).isEqualTo("Vol data.qcow2 deleted");
        for (int i = 0; i < LabLimits.PLATFORM.volumes(); i++) {
            assertThat(run("vol-create-as lab v" + i + " 1M").exitCode()).isZero();
        }
        assertThat(run("vol-create-as lab one-too-many 1M").output()).contains("at most 4 volumes of your own");
        runtime.teardown(mine);
        assertThat(runtime.leftovers(mine)).isEmpty();
    }

    @Test
    void anotherSessionsVolumeCannotBeAttached() throws Exception {
        ShellResult theirVolume = shell.run(new VirshShell.Scope(theirs, lab), "vol-create-as lab secret 1M");
        assertThat(theirVolume.exitCode()).isZero();
        run("destroy web01");
        assertThat(run("attach-disk web01 secret vdb").output()).startsWith("error: failed to get vol 'secret'");
        String path = runtime.learnerVolumes(theirs).get("secret");
        Document xml = Xml.parse(stored());
        DomainEdits.attachDisk(xml, path, "raw", "vdb", "virtio", null);
        assertThatThrownBy(() -> runtime.applyXml(mine, lab, lab.guests().get(0), Xml.toString(xml)))
                .isInstanceOf(PolicyRefusal.class);
    }

    @Test
    void interfacesAreAddedAndRemovedOnTheLabNetwork() throws Exception {
        run("destroy web01");
        assertThat(run("attach-interface web01 network lab --model virtio --mac 52:54:00:aa:bb:cc").output())
                .isEqualTo("Interface attached successfully");
        assertThat(run("domiflist web01").output()).contains("52:54:00:aa:bb:cc").contains("virtio");
        assertThat(Xml.select(Xml.parse(stored()), "/domain/devices/interface/source[@network='" + LabRuntime.networkName(mine) + "']"))
                .hasSize(2);
        assertThat(run("detach-interface web01 network").output()).contains("Please specify which one to detach");
        assertThat(run("detach-interface web01 network --mac 52:54:00:AA:BB:CC").output())
                .isEqualTo("Interface detached successfully");
        assertThat(Xml.select(Xml.parse(stored()), "/domain/devices/interface")).hasSize(1);
    }

    @Test
    void aGuestKeepsAtMostTenSnapshots() {
        for (int i = 0; i < LabLimits.PLATFORM.snapshotsPerGuest(); i++) {
            assertThat(run("snapshot-create-as web01 s" + i).exitCode()).isZero();
        }
        assertThat(run("snapshot-create-as web01 one-more").output())
                .isEqualTo("error: a guest of this lab keeps at most 10 snapshots: delete one first (snapshot-delete web01 <name>)");
        assertThat(run("snapshot-delete web01 s0").exitCode()).isZero();
        assertThat(run("snapshot-create-as web01 one-more").output()).isEqualTo("Domain snapshot one-more created");
    }

    @Test
    void snapshotsAreRevertedAndDeleted() {
        run("snapshot-create-as web01 first");
        run("snapshot-create-as web01 second");
        assertThat(run("snapshot-revert web01 first").exitCode()).isZero();
        assertThat(run("snapshot-info web01 first").output()).containsPattern("(?m)^Current:\\s+yes$");
        assertThat(run("snapshot-delete web01 --snapshotname second").output()).isEqualTo("Domain snapshot second deleted");
        assertThat(run("snapshot-list web01").output()).contains("first").doesNotContain("second");
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
        assertThat(shell.complete(scope, "snap")).containsExactly("snapshot-create-as", "snapshot-delete",
                "snapshot-info", "snapshot-list", "snapshot-revert");
        assertThat(shell.complete(scope, "dominfo w")).containsExactly("web01");
        assertThat(shell.complete(scope, "dominfo k")).isEmpty();
    }
}
