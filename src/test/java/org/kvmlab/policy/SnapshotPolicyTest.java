package org.kvmlab.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kvmlab.xml.XmlException;

/** Snapshot XML from learners: internal snapshots with a name, description, memory and disk choices only. */
class SnapshotPolicyTest {

    private final SnapshotPolicy policy = new SnapshotPolicy();
    private static final Set<String> DISKS = Set.of("vda", "vdb");

    @Test
    void aNamedInternalSnapshotIsAdmitted() throws Exception {
        SnapshotPolicy.Snapshot s = policy.admit("""
                <domainsnapshot>
                  <name>before-change</name>
                  <description>As it was</description>
                  <memory snapshot='internal'/>
                  <disks><disk name='vda' snapshot='internal'/><disk name='vdb' snapshot='no'/></disks>
                </domainsnapshot>""", DISKS);
        assertThat(s.name()).isEqualTo("before-change");
        assertThat(s.description()).isEqualTo("As it was");
        assertThat(s.memory()).isEqualTo("internal");
        assertThat(s.disks()).containsEntry("vda", "internal").containsEntry("vdb", "no");
    }

    @Test
    void anEmptySnapshotLeavesTheNameToThePlatform() throws Exception {
        SnapshotPolicy.Snapshot s = policy.admit("<domainsnapshot/>", DISKS);
        assertThat(s.name()).isNull();
        assertThat(s.disks()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<domainsnapshot><name>../../etc</name></domainsnapshot>|name|letters, digits",
        "<domainsnapshot><memory snapshot='external' file='/etc/shadow'/></domainsnapshot>|memory/@snapshot|would write a file on the host",
        "<domainsnapshot><memory file='/etc/shadow'/></domainsnapshot>|memory/@file|never writes snapshot files to host paths",
        "<domainsnapshot><disks><disk name='vda' snapshot='external'><source file='/etc/shadow'/></disk></disks></domainsnapshot>|disks/disk/@snapshot|snapshot file on the host",
        "<domainsnapshot><disks><disk name='sda'/></disks></domainsnapshot>|disks/disk/@name|no disk 'sda'",
        "<domainsnapshot><disks><disk name='vda'/><disk name='vda'/></disks></domainsnapshot>|disks/disk/@name|listed twice",
        "<domainsnapshot><domain type='kvm'><name>x</name></domain></domainsnapshot>|domain|replace the guest's configuration",
        "<domainsnapshot><inactiveDomain/></domainsnapshot>|inactiveDomain|domain definition",
        "<domainsnapshot><parent><name>x</name></parent></domainsnapshot>|parent|redefining snapshot history",
        "<domainsnapshot><name>a</name><name>b</name></domainsnapshot>|name|more than once",
        "<domainsnapshot xmlns:q='urn:x'><q:evil/></domainsnapshot>|domainsnapshot/@xmlns:q|takes no attribute",
        "<domain><name>x</name></domain>|domain|starts with <domainsnapshot>",
        "<domainsnapshot><cookie/></domainsnapshot>|cookie|migration cookie",
    })
    void hostileSnapshotsAreRefusedWithTheReason(String xml, String element, String reason) {
        assertThatThrownBy(() -> policy.admit(xml, DISKS)).isInstanceOfSatisfying(PolicyRefusal.class, e -> {
            assertThat(e.violations()).anySatisfy(v -> {
                assertThat(v.element()).isEqualTo(element);
                assertThat(v.message()).contains(reason);
                assertThat(v.line()).isNotNull();
            });
        });
    }

    @Test
    void malformedXmlSaysWhere() {
        assertThatThrownBy(() -> policy.admit("<domainsnapshot>\n<name>x</nam>", DISKS))
                .isInstanceOfSatisfying(XmlException.class, e -> assertThat(e.position().line()).isEqualTo(2));
    }

    @Test
    void aDoctypeIsRefused() {
        assertThatThrownBy(() -> policy.admit("<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>"
                + "<domainsnapshot><name>&e;</name></domainsnapshot>", DISKS)).isInstanceOf(XmlException.class);
    }
}
