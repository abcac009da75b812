package org.kvmlab.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import org.kvmlab.xml.Xml;
import org.kvmlab.xml.XmlException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Fuzzes the network, volume and snapshot policies like the domain policy ({@link DomainPolicyFuzzTest}): hostile
 * edits of legitimate documents are admitted or refused ({@link PolicyRefusal}, {@link XmlException}), never
 * anything else, and what is admitted keeps to the allowlist (read by {@link AllowlistOracle}), the owned parts
 * and the caps, as checked here independently of the policies' code.
 */
class ObjectPolicyFuzzTest {

    static final String CURRENT_NETWORK = """
            <network>
              <name>kvmlab-00000000-0000-0000-0000-000000000001-net</name>
              <uuid>6a1e7c43-8d5f-4a4e-9c6b-5b1c2d3e4f50</uuid>
              <bridge name='virbr3' stp='off' delay='0'/>
              <mac address='52:54:00:12:34:56'/>
            </network>""";
    static final String SHAPED_NETWORK = """
            <network connections='4'>
              <bridge stp='on' delay='0'/>
              <mtu size='1400'/>
              <bandwidth><inbound average='1000' peak='2000' burst='1024'/><outbound average='1000'/></bandwidth>
              <portgroup name='slow' default='yes'><bandwidth><outbound average='100'/></bandwidth></portgroup>
            </network>""";
    static final String VOLUME = "<volume type='file'><name>data.qcow2</name><capacity unit='GiB'>2</capacity>"
            + "<allocation>0</allocation><target><format type='qcow2'/><compat>1.1</compat></target></volume>";
    static final String SNAPSHOT = "<domainsnapshot><name>before-upgrade</name><description>Before the upgrade"
            + "</description><memory snapshot='internal'/><disks><disk name='vda' snapshot='internal'/>"
            + "<disk name='vdb' snapshot='no'/></disks></domainsnapshot>";
    static final Set<String> DISKS = Set.of("vda", "vdb");
    static final Map<String, Long> BYTES = Map.ofEntries(Map.entry("b", 1L), Map.entry("bytes", 1L),
            Map.entry("KB", 1000L), Map.entry("k", 1024L), Map.entry("KiB", 1024L), Map.entry("MB", 1_000_000L),
            Map.entry("M", 1L << 20), Map.entry("MiB", 1L << 20), Map.entry("GB", 1_000_000_000L),
            Map.entry("G", 1L << 30), Map.entry("GiB", 1L << 30));

    static final AllowlistOracle NETWORK_ORACLE = new AllowlistOracle("/policy/network-allowlist.yaml", Set.of());
    static final AllowlistOracle VOLUME_ORACLE = new AllowlistOracle("/policy/volume-allowlist.yaml", Set.of());

    final LearnerPolicy policy = LearnerPolicy.standard();

    // --- network ---------------------------------------------------------------------------------------------

    @Provide
    Arbitrary<String> networks() {
        XmlFuzz.Vocabulary vocabulary = XmlFuzz.vocabulary("/policy/network-allowlist.yaml", List.of("forward",
                "ip", "dhcp", "range", "dns", "host", "route", "virtualport", "vlan", "tag", "interface", "pf", "tftp",
                "dnsmasq:options", "dnsmasq:option", "domain", "port", "nat"), List.of("mode", "dev", "address",
                "netmask", "prefix", "root", "managed", "id", "trunk"));
        return Arbitraries.of(CURRENT_NETWORK, SHAPED_NETWORK).flatMap(base -> Arbitraries.oneOf(
                XmlFuzz.editLists(vocabulary, 4), XmlFuzz.allowedEditLists("/policy/network-allowlist.yaml", 3))
                .map(edits -> XmlFuzz.apply(base, edits)));
    }

    @Property(tries = 3000, shrinking = ShrinkingMode.BOUNDED)
    void networkPolicyAdmitsOnlyAnIsolatedNetworkOfTheSession(@ForAll("networks") String learner) throws Exception {
        NetworkPolicy network = policy.network();
        String admitted;
        try {
            admitted = network.admit(learner, CURRENT_NETWORK);
        } catch (PolicyRefusal | XmlException e) {
            refusedKindly(e);
            return;
        }
        Statistics.label("outcome").collect("admitted");
        Document doc = Xml.parse(admitted);
        assertThat(NETWORK_ORACLE.problems(doc.getDocumentElement()))
                .isEmpty();
        Document current = XmlFuzz.parse(CURRENT_NETWORK);
        for (String owned : List.of("/network/name", "/network/uuid")) {
            assertThat(Xml.select(doc, owned)).hasSize(1);
            assertThat(Xml.first(doc, owned).getTextContent().strip())
                    .isEqualTo(Xml.first(current, owned).getTextContent().strip());
        }
        assertThat(Xml.select(doc, "/network/bridge")).hasSize(1);
        assertThat(Xml.first(doc, "/network/bridge").getAttribute("name")).isEqualTo("virbr3");
        for (Element mtu : Xml.select(doc, "/network/mtu[@size]")) {
            assertThat(Long.parseLong(mtu.getAttribute("size"))).as("MTU").isBetween(576L, 9000L);
        }
        assertThat(Xml.select(doc, "/network/portgroup")).hasSizeLessThanOrEqualTo(8);
        assertThat(Xml.sameTree(Xml.parse(network.admit(admitted, CURRENT_NETWORK)), doc)).isTrue();
        assertThat(network.recheck(admitted, CURRENT_NETWORK)).isEmpty();
        Statistics.label("outcome").coverage(c -> c.check("admitted").percentage(p -> p >= 3));
    }

    // --- volume ----------------------------------------------------------------------------------------------

    @Provide
    Arbitrary<String> volumes() {
        XmlFuzz.Vocabulary vocabulary = XmlFuzz.vocabulary("/policy/volume-allowlist.yaml", List.of("path",
                "backingStore", "permissions", "owner", "group", "mode", "encryption", "secret", "source", "device",
                "extent", "key", "physical", "features", "lazy_refcounts", "timestamps"), List.of("uuid", "path"));
        return Arbitraries.oneOf(XmlFuzz.editLists(vocabulary, 4),
                XmlFuzz.allowedEditLists("/policy/volume-allowlist.yaml", 3)).map(edits -> XmlFuzz.apply(VOLUME, edits));
    }

    @Property(tries = 1500, shrinking = ShrinkingMode.BOUNDED)
    void volumePolicyAdmitsOnlyANameAFormatAndACapacity(@ForAll("volumes") String learner) throws Exception {
        VolumePolicy.Volume volume;
        try {
            volume = policy.volume().admit(learner);
        } catch (PolicyRefusal | XmlException e) {
            refusedKindly(e);
            return;
        }
        Statistics.label("outcome").collect("admitted");
        Document doc = Xml.parse(learner);
        assertThat(VOLUME_ORACLE.problems(doc.getDocumentElement()))
                .isEmpty();
        safeVolume(volume);
        Element capacity = Xml.first(doc, "/volume/capacity");
        long bytes = Long.parseLong(capacity.getTextContent().strip())
                * BYTES.get(capacity.hasAttribute("unit") ? capacity.getAttribute("unit") : "bytes");
        assertThat(volume.capacityBytes()).isEqualTo(bytes);
        Statistics.label("outcome").coverage(c -> c.check("admitted").percentage(p -> p >= 3));
    }

    @Property(tries = 1000)
    void volCreateAsPartsAreAdmittedOnlyWhenSafe(@ForAll("volumeNames") String name,
                                                @ForAll("formats") String format, @ForAll("sizes") long bytes) {
        try {
            safeVolume(policy.volume().admit(name, format, bytes));
            Statistics.label("outcome").collect("admitted");
        } catch (PolicyRefusal e) {
            refusedKindly(e);
        }
    }

    @Provide
    Arbitrary<String> volumeNames() {
        return Arbitraries.oneOf(XmlFuzz.values(), Arbitraries.of("data", "data.qcow2", "a", "x-1_2.raw"),
                Arbitraries.strings().withCharRange('!', '~').ofMaxLength(70));
    }

    @Provide
    Arbitrary<Long> sizes() {
        return Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(0, 16L << 30),
                Arbitraries.of(1L << 20, (1L << 20) - 1, 8L << 30, (8L << 30) + 1, Long.MAX_VALUE, Long.MIN_VALUE));
    }

    @Provide
    Arbitrary<String> formats() {
        return Arbitraries.oneOf(Arbitraries.of("raw", "qcow2", "vmdk", "", "QCOW2"), XmlFuzz.values());
    }

    private static void safeVolume(VolumePolicy.Volume volume) {
        assertThat(volume.name()).isNotBlank().doesNotContain("/").doesNotContain("..").doesNotContain("\\")
                .hasSizeLessThanOrEqualTo(64).doesNotEndWith("-disk0.qcow2");
        assertThat(volume.name().chars()).allMatch(ch -> ch > ' ' && ch < 127);
        assertThat(volume.format()).isIn("raw", "qcow2");
        assertThat(volume.capacityBytes()).isBetween(1L << 20, 8L << 30);
    }

    // --- snapshot --------------------------------------------------------------------------------------------

    @Provide
    Arbitrary<String> snapshots() {
        XmlFuzz.Vocabulary vocabulary = new XmlFuzz.Vocabulary(List.of("name", "description", "memory", "disks",
                "disk", "domain", "inactiveDomain", "source", "driver", "parent", "creationTime", "state", "cookie",
                "qemu:commandline", "x:evil", "active", "redefine"),
                List.of("snapshot", "file", "name", "type", "xmlns:qemu", "x:evil", "dev"));
        return XmlFuzz.editLists(vocabulary, 4).map(edits -> XmlFuzz.apply(SNAPSHOT, edits));
    }

    @Property(tries = 1500, shrinking = ShrinkingMode.BOUNDED)
    void snapshotPolicyAdmitsOnlyInternalSnapshotsOfTheGuestsDisks(@ForAll("snapshots") String learner)
            throws Exception {
        SnapshotPolicy.Snapshot snapshot;
        try {
            snapshot = policy.snapshot().admit(learner, DISKS);
        } catch (PolicyRefusal | XmlException e) {
            refusedKindly(e);
            return;
        }
        Statistics.label("outcome").collect("admitted");
        if (snapshot.name() != null) {
            assertThat(snapshot.name()).matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
        }
        assertThat(snapshot.description()).hasSizeLessThanOrEqualTo(1000);
        assertThat(snapshot.memory()).isIn(null, "no", "internal");
        assertThat(snapshot.disks().keySet()).isSubsetOf(DISKS);
        assertThat(snapshot.disks().values()).allSatisfy(mode -> assertThat(mode).isIn("", "no", "internal"));
        Document doc = Xml.parse(learner);
        assertThat(XmlFuzz.elements(doc)).allSatisfy(e -> {
            assertThat(e.getNamespaceURI()).isNull();
            assertThat(e.getLocalName()).isIn("domainsnapshot", "name", "description", "memory", "disks", "disk");
            assertThat(e.hasAttribute("file")).isFalse();
        });
        Statistics.label("outcome").coverage(c -> c.check("admitted").percentage(p -> p >= 3));
    }

    /** A refusal: every problem named, in words a learner reads, with no trace of the code. */
    private static void refusedKindly(Exception e) {
        if (e instanceof PolicyRefusal refusal) {
            Statistics.label("outcome").collect("refused");
            assertThat(refusal.violations()).isNotEmpty().allSatisfy(v -> {
                assertThat(v.element()).isNotBlank();
                assertThat(v.message()).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
            });
        } else {
            Statistics.label("outcome").collect("malformed");
            assertThat(e.getMessage()).isNotBlank().doesNotContain("\tat ").doesNotContain("java.");
        }
    }
}
