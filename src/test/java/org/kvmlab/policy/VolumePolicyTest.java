package org.kvmlab.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A learner's volume has a name, a format and a capacity within the lab's caps, and nothing naming a host file. */
class VolumePolicyTest {

    final VolumePolicy policy = LearnerPolicy.standard().volume();

    @Test
    void aPlainVolumeIsAdmittedAsItsParts() throws Exception {
        VolumePolicy.Volume v = policy.admit("<volume type='file'><name>data.qcow2</name><capacity unit='G'>2"
                + "</capacity><allocation>0</allocation><target><format type='qcow2'/><compat>1.1</compat></target>"
                + "</volume>");
        assertThat(v).isEqualTo(new VolumePolicy.Volume("data.qcow2", "qcow2", 2L << 30));
        assertThat(policy.admit("<volume><name>scratch</name><capacity>1048576</capacity></volume>").format())
                .isEqualTo("raw");
    }

    @Test
    void volCreateAsIsJudgedLikeTheSameXml() throws Exception {
        assertThat(policy.admit("data", "qcow2", 1L << 30)).isEqualTo(new VolumePolicy.Volume("data", "qcow2", 1L << 30));
        PolicyRefusal refusal = catchThrowableOfType(PolicyRefusal.class, () -> policy.admit("data", "vmdk", 1L << 20));
        assertThat(refusal.violations()).extracting(PolicyViolation::element).contains("volume/target/format/@type");
    }

    @Test
    void aNameXmlCannotHoldIsRefusedNotAnError() {
        // found by fuzzing: vol-create-as with U+FFFF or a lone surrogate used to end in an IllegalStateException
        for (String name : new String[] {"\uFFFF", "a\uD800b", "x\u0000"}) {
            PolicyRefusal refusal = catchThrowableOfType(PolicyRefusal.class, () -> policy.admit(name, "raw", 1L << 20));
            assertThat(refusal).as(name).isNotNull();
            assertThat(refusal.violations()).extracting(PolicyViolation::element).containsExactly("volume/name");
        }
        assertThat(catchThrowableOfType(PolicyRefusal.class, () -> policy.admit("data", "q\uDC00", 1L << 20)))
                .isNotNull();
    }

    @Test
    void aLabsLowerCapIsTheCap() {
        VolumePolicy small = LearnerPolicy.standard().forLab(new PolicySettings(java.util.Set.of(),
                java.util.Set.of(), java.util.Set.of(), new LabLimits(10, 4, 1))).volume();
        PolicyRefusal refusal = catchThrowableOfType(PolicyRefusal.class, () -> small.admit("big", "raw", 2L << 30));
        assertThat(refusal.getMessage()).contains("between 1 MiB and 1 GiB");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            host-path        | <volume><name>x</name><capacity>1048576</capacity><target><path>/etc/shadow</path></target></volume> | volume/target/path
            backing-file     | <volume><name>x</name><capacity>1048576</capacity><backingStore><path>/var/lib/libvirt/images/other.qcow2</path></backingStore></volume> | volume/backingStore
            permissions      | <volume><name>x</name><capacity>1048576</capacity><target><permissions><owner>0</owner><mode>4755</mode></permissions></target></volume> | volume/target/permissions
            encryption       | <volume><name>x</name><capacity>1048576</capacity><target><encryption format='luks'><secret type='passphrase' uuid='00000000-0000-0000-0000-000000000001'/></encryption></target></volume> | volume/target/encryption
            source-extents   | <volume><name>x</name><capacity>1048576</capacity><source><device path='/dev/sda'/></source></volume> | volume/source
            block-type       | <volume type='block'><name>x</name><capacity>1048576</capacity></volume> | volume/@type
            too-large        | <volume><name>x</name><capacity unit='G'>9</capacity></volume> | volume/capacity
            overflowing      | <volume><name>x</name><capacity unit='GiB'>99999999999999</capacity></volume> | volume/capacity
            too-small        | <volume><name>x</name><capacity>1</capacity></volume> | volume/capacity
            traversal-name   | <volume><name>../x</name><capacity>1048576</capacity></volume> | volume/name
            guest-disk-name  | <volume><name>web01-disk0.qcow2</name><capacity>1048576</capacity></volume> | volume/name
            no-name          | <volume><capacity>1048576</capacity></volume> | volume/name
            foreign-ns       | <volume xmlns:x='urn:x'><name x:a='1'>x</name><capacity>1048576</capacity></volume> | volume/name/@x:a
            """)
    void hostileVolumeXmlIsRefusedNamingTheElement(String name, String xml, String element) {
        PolicyRefusal refusal = catchThrowableOfType(PolicyRefusal.class, () -> policy.admit(xml));
        assertThat(refusal).as(name).isNotNull();
        assertThat(refusal.violations()).extracting(PolicyViolation::element).contains(element);
    }
}
