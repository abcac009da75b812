package org.kvmlab.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kvmlab.guest.Acceleration;
import org.kvmlab.guest.DomainBlueprint;
import org.kvmlab.guest.GuestImage;
import org.kvmlab.guest.GuestMetadata;
import org.kvmlab.xml.Xml;
import org.kvmlab.xml.XmlException;
import org.w3c.dom.Document;

/**
 * DomainPolicy against a real libvirt (QEMU driver) dump of the virtio-devices guest: the hostile cases in
 * {@code policy/hostile.yaml} are refused naming the element, the cases in {@code policy/accepted.yaml} are
 * admitted with kvmlab's owned parts in place.
 */
class DomainPolicyTest {

    static final String CANONICAL = PolicyCase.resource("/policy/web01-canonical.xml");
    static DomainPolicy policy;

    @BeforeAll
    static void loadPolicy() {
        policy = DomainPolicy.standard();
    }

    static Stream<PolicyCase> hostile() {
        return PolicyCase.load("/policy/hostile.yaml").stream();
    }

    static Stream<PolicyCase> accepted() {
        return PolicyCase.load("/policy/accepted.yaml").stream();
    }

    @Test
    void caseFilesHoldEnoughDistinctCases() {
        List<PolicyCase> bad = hostile().toList();
        List<PolicyCase> good = accepted().toList();
        assertThat(bad).hasSizeGreaterThanOrEqualTo(30);
        assertThat(bad).extracting(PolicyCase::name).doesNotHaveDuplicates();
        assertThat(good).extracting(PolicyCase::name).doesNotHaveDuplicates();
        assertThat(bad).allSatisfy(c -> {
            assertThat(c.reason()).as(c.name()).isNotBlank();
            assertThat(c.expect()).as(c.name()).isNotBlank();
            assertThat(c.edits()).as(c.name()).isNotEmpty();
        });
        assertThat(good).allSatisfy(c -> assertThat(c.reason()).as(c.name()).isNotBlank());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void refusesHostileEdit(PolicyCase c) throws Exception {
        String current = c.current(CANONICAL);
        String learner = c.learner(CANONICAL);
        assertThat(learner).isNotEqualTo(current);

        PolicyRefusal refusal = catchThrowableOfType(PolicyRefusal.class,
                () -> c.policy().admit(learner, current, c.guestLimits()));

        assertThat(refusal).as("%s must be refused (%s)", c.name(), c.reason()).isNotNull();
        assertThat(refusal.violations()).extracting(PolicyViolation::element)
                .as("%s: %s", c.name(), c.reason())
                .contains(c.expect());
        PolicyViolation named = refusal.violations().stream()
                .filter(v -> v.element().equals(c.expect())).findFirst().orElseThrow();
        assertThat(named.message()).isNotBlank();
        assertThat(named.line()).as("the violation points into the learner's text").isNotNull().isPositive();
        assertThat(named.column()).isNotNull().isPositive();
        assertThat(refusal.getMessage()).contains(named.message());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void admitsAcceptedEdit(PolicyCase c) throws Exception {
        String current = c.current(CANONICAL);
        String learner = c.learner(CANONICAL);

        String admitted = c.policy().admit(learner, current, c.guestLimits());

        Document doc = Xml.parse(admitted);
        for (String check : c.admittedChecks()) {
            assertThat(Xml.test(Xml.compile(check), doc)).as("%s: %s", c.name(), check).isTrue();
        }
        // the admitted XML is a fixed point: admitting it again changes nothing
        assertThat(Xml.sameTree(Xml.parse(c.policy().admit(admitted, current, c.guestLimits())), doc)).isTrue();
        // and libvirt's re-check of it against the previous definition finds nothing
        assertThat(c.policy().recheck(admitted, current, c.guestLimits())).isEmpty();
    }

    @Test
    void canonicalXmlIsAdmittedUnchanged() throws Exception {
        String admitted = policy.admit(CANONICAL, CANONICAL, PolicyCase.LAB_LIMITS);
        assertThat(Xml.sameTree(Xml.parse(admitted), Xml.parse(CANONICAL))).isTrue();
    }

    @Test
    void ownedElementsLeftOutAreRestoredExactly() throws Exception {
        PolicyCase leftOut = accepted().filter(c -> c.name().equals("owned-elements-left-out")).findFirst()
                .orElseThrow();
        String learner = leftOut.apply(CANONICAL);
        Document sent = Xml.parse(learner);
        for (String gone : List.of("/domain/name", "/domain/uuid", "/domain/metadata", "/domain/os/kernel",
                "/domain/devices/emulator", "/domain/devices/channel")) {
            assertThat(Xml.select(sent, gone)).as(gone).isEmpty();
        }

        Document admitted = Xml.parse(policy.admit(learner, CANONICAL, PolicyCase.LAB_LIMITS));

        Document canonical = Xml.parse(CANONICAL);
        for (String owned : List.of("/domain/name", "/domain/uuid", "/domain/metadata", "/domain/os/kernel",
                "/domain/os/initrd", "/domain/os/cmdline", "/domain/features/tcg", "/domain/devices/emulator",
                "/domain/devices/channel", "/domain/devices/interface/source")) {
            assertThat(Xml.select(admitted, owned)).as(owned).hasSize(1);
            assertThat(Xml.sameTree(Xml.first(admitted, owned), Xml.first(canonical, owned))).as(owned).isTrue();
        }
        assertThat(admitted.getDocumentElement().getAttribute("type")).isEqualTo("qemu");
    }

    /**
     * An element with both a value and child elements is refused, even when each child would be allowed on its
     * own. The fuzz test found {@code <memory unit='KiB'><address bus='0'/>131072</memory>} admitted, and then
     * re-indented into a value with spaces around it.
     */
    @Test
    void anElementHoldingTextAndElementsAtOnceIsRefused() {
        String learner = CANONICAL.replace("<memory unit='KiB'>131072</memory>",
                "<memory unit='KiB'><address bus='0'/>131072</memory>");
        assertThat(learner).isNotEqualTo(CANONICAL);

        PolicyRefusal refusal = catchThrowableOfType(PolicyRefusal.class,
                () -> policy.admit(learner, CANONICAL, PolicyCase.LAB_LIMITS));

        assertThat(refusal).isNotNull();
        assertThat(refusal.violations()).singleElement().satisfies(v -> {
            assertThat(v.element()).isEqualTo("domain/memory");
            assertThat(v.message()).isEqualTo("<memory> holds text and elements at once. Keep only its value"
                    + " '131072'.");
        });
    }

    @Test
    void violationPointsAtTheLineOfTheOffendingElement() throws Exception {
        String learner = CANONICAL.replace("</devices>",
                "  <hostdev mode='subsystem' type='usb'>\n      <source/>\n    </hostdev>\n  </devices>");
        int expectedLine = (int) learner.substring(0, learner.indexOf("<hostdev")).chars()
                .filter(ch -> ch == '\n').count() + 1;

        PolicyRefusal refusal = catchThrowableOfType(PolicyRefusal.class,
                () -> policy.admit(learner, CANONICAL, PolicyCase.LAB_LIMITS));

        assertThat(refusal.violations()).singleElement().satisfies(v -> {
            assertThat(v.element()).isEqualTo("domain/devices/hostdev");
            assertThat(v.line()).isEqualTo(expectedLine);
            assertThat(v.message()).contains("<hostdev>");
            assertThat(v.describe()).endsWith("(line " + expectedLine + ")");
        });
    }

    @Test
    void aBadValueOfANamedTypeSaysWhatToWriteInstead() throws Exception {
        // it used to say only "use a valid value"
        String learner = CANONICAL.replace("<mac address='52:54:00:4e:65:ff'/>", "<mac address='zz'/>")
                .replace("<target dev='hda' bus='ide'/>", "<target dev='/dev/sda' bus='ide'/>");

        PolicyRefusal refusal = catchThrowableOfType(PolicyRefusal.class,
                () -> policy.admit(learner, CANONICAL, PolicyCase.LAB_LIMITS));

        assertThat(refusal.violations()).extracting(PolicyViolation::message).containsExactlyInAnyOrder(
                "The value 'zz' of address on <mac> is not allowed; use a MAC address such as 52:54:00:12:34:56.",
                "The value '/dev/sda' of dev on <target> is not allowed; use a disk name such as vda, sda or hda.");
    }

    @Test
    void everyProblemIsReportedAtOnce() throws Exception {
        String learner = CANONICAL
                .replace("<emulator>/usr/bin/qemu-system-x86_64</emulator>", "<emulator>/bin/sh</emulator>")
                .replace("<vcpu placement='static'>1</vcpu>", "<vcpu placement='static'>8</vcpu>")
                .replace("</devices>", "<shmem name='x'/></devices>");

        PolicyRefusal refusal = catchThrowableOfType(PolicyRefusal.class,
                () -> policy.admit(learner, CANONICAL, PolicyCase.LAB_LIMITS));

        assertThat(refusal.violations()).extracting(PolicyViolation::element)
                .containsExactlyInAnyOrder("devices/emulator", "vcpu", "domain/devices/shmem");
        assertThat(refusal.getMessage()).contains("; ");
    }

    @Test
    void foreignNamespacesAreJudgedBeforeAnythingElse() throws Exception {
        String learner = CANONICAL
                .replace("<domain type='qemu'>", "<domain type='kvm' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>")
                .replace("</devices>", "</devices><qemu:commandline><qemu:arg value='-S'/></qemu:commandline>");

        PolicyRefusal refusal = catchThrowableOfType(PolicyRefusal.class,
                () -> policy.admit(learner, CANONICAL, PolicyCase.LAB_LIMITS));

        assertThat(refusal.violations()).extracting(PolicyViolation::element)
                .containsExactly("domain/@xmlns:qemu", "qemu:commandline");
        assertThat(refusal.violations().get(1).message()).contains("http://libvirt.org/schemas/domain/qemu/1.0");
    }

    @Test
    void rootMustBeDomainWithoutNamespace() throws Exception {
        PolicyRefusal notDomain = catchThrowableOfType(PolicyRefusal.class,
                () -> policy.admit("<network><name>x</name></network>", CANONICAL, PolicyCase.LAB_LIMITS));
        assertThat(notDomain.violations()).extracting(PolicyViolation::element).containsExactly("network");

        PolicyRefusal namespaced = catchThrowableOfType(PolicyRefusal.class,
                () -> policy.admit("<domain xmlns='urn:evil' type='qemu'/>", CANONICAL, PolicyCase.LAB_LIMITS));
        assertThat(namespaced.violations()).extracting(PolicyViolation::element).containsExactly("domain");
    }

    @Test
    void externalEntityInLearnerXmlIsAnXmlErrorNotARead() {
        String xxe = "<?xml version='1.0'?>\n<!DOCTYPE domain [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>\n"
                + "<domain type='qemu'><description>&x;</description></domain>";

        XmlException e = catchThrowableOfType(XmlException.class,
                () -> policy.admit(xxe, CANONICAL, PolicyCase.LAB_LIMITS));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("DOCTYPE").doesNotContain("root:");
    }

    @Test
    void malformedLearnerXmlReportsLineAndColumn() {
        String broken = CANONICAL.replace("<vcpu placement='static'>1</vcpu>", "<vcpu placement='static'>1</vcpux>");
        int line = (int) broken.substring(0, broken.indexOf("</vcpux>")).chars().filter(ch -> ch == '\n').count() + 1;

        XmlException e = catchThrowableOfType(XmlException.class,
                () -> policy.admit(broken, CANONICAL, PolicyCase.LAB_LIMITS));

        assertThat(e.position()).isNotNull();
        assertThat(e.position().line()).isEqualTo(line);
        assertThat(e.position().column()).isPositive();
        assertThat(e.getMessage()).contains("vcpu");
    }

    @Test
    void aLearnerConnectsTheAgentWhenTheLabLeavesItToThem() throws Exception {
        String labXml = Files.readString(Path.of("labs/virtio-devices/web01.xml"));
        String current = DomainBlueprint.build(labXml, new DomainBlueprint.Spec("kvmlab-s-web01",
                new GuestMetadata("i1", "00000000-0000-0000-0000-000000000003", "guest-agent", "web01",
                        Instant.parse("2030-01-01T00:00:00Z")),
                Acceleration.TCG, new GuestImage(Path.of("/var/lib/kvmlab/images/guest-x")),
                List.of("/var/lib/kvmlab/sessions/kvmlab-s-web01-disk0.qcow2"), "kvmlab-lab", false));
        assertThat(current).doesNotContain("org.qemu.guest_agent.0");
        String standard = "<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>";

        String admitted = policy.admit(current.replace("</devices>", standard + "</devices>"), current,
                PolicyCase.LAB_LIMITS);
        assertThat(Xml.test(Xml.compile("count(/domain/devices/channel[target/@name='org.qemu.guest_agent.0'])=1"),
                Xml.parse(admitted))).isTrue();

        String withPath = standard.replace("<target", "<source mode='bind' path='/run/docker.sock'/><target");
        assertThatThrownBy(() -> policy.admit(current.replace("</devices>", withPath + "</devices>"), current,
                PolicyCase.LAB_LIMITS)).isInstanceOf(PolicyRefusal.class);
    }

    @Test
    void blueprintMadeDefinitionPassesAndOwnedPartsComeBackFromIt() throws Exception {
        String labXml = Files.readString(Path.of("labs/virtio-devices/web01.xml"));
        String disk = "/var/lib/kvmlab/sessions/kvmlab-s-web01-disk0.qcow2";
        String current = DomainBlueprint.build(labXml, new DomainBlueprint.Spec("kvmlab-s-web01",
                new GuestMetadata("i1", "00000000-0000-0000-0000-000000000002", "virtio-devices", "web01",
                        Instant.parse("2030-01-01T00:00:00Z")),
                Acceleration.TCG, new GuestImage(Path.of("/var/lib/kvmlab/images/guest-x")), List.of(disk),
                "kvmlab-lab", true));
        assertThat(policy.judgeStandalone(current, PolicyCase.LAB_LIMITS)).isEmpty();

        // the learner sends the lab's own XML with their fix, keeping the disk and NIC sources but leaving out
        // the rest (a NIC without <source> hits a bug, see the report: OwnedElements uses createElement)
        String learner = labXml.replace("<name>web01</name>", "")
                .replace("<target dev='hda' bus='ide'/>",
                        "<driver name='qemu' type='qcow2'/><source file='" + disk + "'/><target dev='vda' bus='virtio'/>")
                .replace("<model type='e1000'/>", "<source network='kvmlab-lab'/><model type='virtio'/>");
        Document admitted = Xml.parse(policy.admit(learner, current, PolicyCase.LAB_LIMITS));

        assertThat(Xml.first(admitted, "/domain/name").getTextContent()).isEqualTo("kvmlab-s-web01");
        assertThat(Xml.first(admitted, "/domain/os/kernel").getTextContent())
                .isEqualTo("/var/lib/kvmlab/images/guest-x/vmlinux");
        assertThat(Xml.test(Xml.compile("/domain/devices/interface/source/@network='kvmlab-lab'"), admitted))
                .isTrue();
        assertThat(Xml.test(Xml.compile(
                "/domain/devices/channel/target/@name='org.qemu.guest_agent.0'"), admitted)).isTrue();
        assertThat(Xml.test(Xml.compile("/domain/features/tcg/tb-cache='32'"), admitted)).isTrue();
        assertThat(Xml.test(Xml.compile(
                "/domain/metadata/*[local-name()='guest']/*[local-name()='lab']='virtio-devices'"), admitted))
                .isTrue();
    }

    @Test
    void learnerNamingTheLabGuestIsRefused() throws Exception {
        String labXml = Files.readString(Path.of("labs/virtio-devices/web01.xml"))
                .replace("<model type='e1000'/>", "<source network='kvmlab-lab'/><model type='e1000'/>");
        PolicyRefusal refusal = catchThrowableOfType(PolicyRefusal.class,
                () -> policy.admit(labXml, CANONICAL, PolicyCase.LAB_LIMITS));
        assertThat(refusal.violations()).extracting(PolicyViolation::element)
                .contains("name", "devices/disk/source");
    }

    @Test
    void recheckReportsUnreadableCanonicalXml() {
        assertThat(policy.recheck("<domain>", CANONICAL, PolicyCase.LAB_LIMITS))
                .singleElement().satisfies(v -> assertThat(v.element()).isEqualTo("domain"));
    }

    @Test
    void recheckCatchesWhatOnlyShowsInTheCanonicalForm() {
        String canonicalAfterDefine = CANONICAL.replace("</devices>",
                "<filesystem type='mount'><source dir='/srv'/><target dir='srv'/></filesystem></devices>");
        assertThat(policy.recheck(canonicalAfterDefine, CANONICAL, PolicyCase.LAB_LIMITS))
                .extracting(PolicyViolation::element).containsExactly("domain/devices/filesystem");
    }
}
