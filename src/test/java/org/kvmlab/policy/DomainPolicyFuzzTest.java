package org.kvmlab.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
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
 * Fuzzes the domain policy with hostile edits of a real libvirt dump ({@link XmlFuzz}): whatever a learner sends,
 * {@code admit} returns XML or refuses it ({@link PolicyRefusal}, {@link XmlException}), never anything else; and
 * what it admits is a fixed point, passes the re-check, carries kvmlab's owned parts unchanged, stays within the
 * lab's caps and holds nothing the allowlist does not list ({@link AllowlistOracle}, read from the allowlist
 * itself). The share of admitted, refused and malformed inputs is reported and must each be real.
 */
class DomainPolicyFuzzTest {

    static final String CANONICAL = PolicyCase.resource("/policy/web01-canonical.xml");
    static final Document CANONICAL_DOC = XmlFuzz.parse(CANONICAL);
    static final GuestLimits LIMITS = new GuestLimits(256, 2);
    static final Set<String> ALL_GRANTS = Set.of("cputune", "numatune", "memtune", "iothreads");
    static final DomainPolicy GRANTED = LearnerPolicy.standard().forLab(PolicySettings.STANDARD.withGrants(ALL_GRANTS))
            .domain();
    static final AllowlistOracle STANDARD_ORACLE = new AllowlistOracle("/policy/domain-allowlist.yaml", Set.of());
    static final AllowlistOracle GRANTED_ORACLE = new AllowlistOracle("/policy/domain-allowlist.yaml", ALL_GRANTS);
    static final XmlFuzz.Vocabulary VOCABULARY = XmlFuzz.vocabulary("/policy/domain-allowlist.yaml",
            List.of("hostdev", "filesystem", "seclabel", "backingStore", "iothreads", "cputune", "vcpupin", "memtune",
                    "hard_limit", "numatune", "interface", "disk", "source", "graphics", "listen", "channel", "serial"),
            List.of("cpuset", "vcpu", "queues", "iothread", "address", "bus"));
    static final Map<String, Double> KIB = Map.ofEntries(Map.entry("b", 1.0 / 1024), Map.entry("bytes", 1.0 / 1024),
            Map.entry("KB", 1000.0 / 1024), Map.entry("k", 1.0), Map.entry("KiB", 1.0),
            Map.entry("MB", 1e6 / 1024), Map.entry("M", 1024.0), Map.entry("MiB", 1024.0),
            Map.entry("GB", 1e9 / 1024), Map.entry("G", 1024.0 * 1024), Map.entry("GiB", 1024.0 * 1024));

    @Provide
    Arbitrary<List<XmlFuzz.Edit>> edits() {
        return XmlFuzz.editLists(VOCABULARY, 4);
    }

    @Provide
    Arbitrary<List<XmlFuzz.Edit>> nearlyValidEdits() {
        return XmlFuzz.allowedEditLists("/policy/domain-allowlist.yaml", 3);
    }

    @Property(tries = 2000, shrinking = ShrinkingMode.BOUNDED)
    void standardPolicyAdmitsOnlyWhatTheAllowlistLists(@ForAll("edits") List<XmlFuzz.Edit> edits) throws Exception {
        judge(DomainPolicy.standard(), STANDARD_ORACLE, XmlFuzz.apply(CANONICAL, edits));
        Statistics.label("outcome").coverage(c -> {
            c.check("refused").percentage(p -> p >= 20);
            c.check("malformed").percentage(p -> p >= 5);
            c.check("admitted").percentage(p -> p >= 1);
        });
    }

    @Property(tries = 1500, shrinking = ShrinkingMode.BOUNDED)
    void nearlyValidEditsAreAdmittedOnlyWithinTheAllowlist(@ForAll("nearlyValidEdits") List<XmlFuzz.Edit> edits)
            throws Exception {
        judge(DomainPolicy.standard(), STANDARD_ORACLE, XmlFuzz.apply(CANONICAL, edits));
        Statistics.label("outcome").coverage(c -> c.check("admitted").percentage(p -> p >= 8));
    }

    @Property(tries = 1000, shrinking = ShrinkingMode.BOUNDED)
    void aLabWithEveryGrantStillAdmitsOnlyWhatTheAllowlistLists(@ForAll("edits") List<XmlFuzz.Edit> edits)
            throws Exception {
        judge(GRANTED, GRANTED_ORACLE, XmlFuzz.apply(CANONICAL, edits));
    }

    @Property(tries = 500)
    void randomBytesAreRefusedOrMalformed(@ForAll byte[] bytes) throws Exception {
        String text = new String(bytes, bytes.length % 2 == 0 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        judge(DomainPolicy.standard(), STANDARD_ORACLE, text);
    }

    @Provide
    Arbitrary<String> spliced() {
        // the canonical dump with one hostile value spliced in anywhere, or a huge document
        return Arbitraries.oneOf(
                Arbitraries.integers().between(0, CANONICAL.length()).flatMap(at -> XmlFuzz.values()
                        .map(v -> CANONICAL.substring(0, at) + v + CANONICAL.substring(at))),
                Arbitraries.integers().between(1, 3000).map(n -> CANONICAL.replace("</devices>",
                        "<watchdog model='i6300esb'/>".repeat(n) + "</devices>")),
                Arbitraries.integers().between(100, 20_000).map(depth -> CANONICAL.replace("</devices>",
                        "<hub>".repeat(depth) + "</hub>".repeat(depth) + "</devices>")));
    }

    @Property(tries = 300)
    void spliceAnythingAnywhere(@ForAll("spliced") String learner) throws Exception {
        judge(DomainPolicy.standard(), STANDARD_ORACLE, learner);
    }

    /** The property every input must satisfy; records the outcome for the statistics. */
    private static void judge(DomainPolicy policy, AllowlistOracle oracle, String learner) throws Exception {
        String admitted;
        try {
            admitted = policy.admit(learner, CANONICAL, LIMITS);
        } catch (PolicyRefusal refusal) {
            Statistics.label("outcome").collect("refused");
            assertThat(refusal.violations()).isNotEmpty();
            assertThat(refusal.violations()).allSatisfy(v -> {
                assertThat(v.element()).isNotBlank();
                assertThat(v.message()).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
            });
            return;
        } catch (XmlException malformed) {
            Statistics.label("outcome").collect("malformed");
            assertThat(malformed.getMessage()).isNotBlank().doesNotContain("\tat ").doesNotContain("java.");
            return;
        }
        Statistics.label("outcome").collect("admitted");
        Document doc = Xml.parse(admitted);
        assertThat(oracle.problems(doc.getDocumentElement()))
                .as("admitted XML holds only what the allowlist lists").isEmpty();
        ownedPartsUnchanged(doc);
        withinCaps(doc);
        assertThat(Xml.sameTree(Xml.parse(policy.admit(admitted, CANONICAL, LIMITS)), doc))
                .as("admitting the admitted XML again changes nothing").isTrue();
        assertThat(policy.recheck(admitted, CANONICAL, LIMITS)).as("the re-check finds nothing").isEmpty();
    }

    private static void ownedPartsUnchanged(Document doc) {
        assertThat(doc.getDocumentElement().getAttribute("type")).isEqualTo("qemu");
        for (String name : List.of("name", "uuid", "kernel", "initrd", "cmdline", "emulator", "metadata", "tcg")) {
            assertThat(texts(doc, name)).as(name).isEqualTo(texts(CANONICAL_DOC, name));
        }
        Set<String> ownDisks = new HashSet<>(attributes(CANONICAL_DOC, "disk", "source", "file"));
        for (Element disk : XmlFuzz.elements(doc).stream().filter(e -> e.getLocalName().equals("disk")).toList()) {
            assertThat(attributes(disk, "source", "file")).as("disk sources").hasSize(1).isSubsetOf(ownDisks);
        }
        for (Element nic : XmlFuzz.elements(doc).stream().filter(e -> e.getLocalName().equals("interface")).toList()) {
            assertThat(attributes(nic, "source", "network")).containsExactly("kvmlab-lab");
        }
        assertThat(XmlFuzz.elements(doc)).noneSatisfy(e -> assertThat(e.getLocalName()).isEqualTo("seclabel"));
        assertThat(XmlFuzz.elements(doc).stream().filter(e -> e.getLocalName().equals("channel")).count())
                .isLessThanOrEqualTo(1);
    }

    private static void withinCaps(Document doc) {
        for (Element e : XmlFuzz.elements(doc)) {
            String text = e.getTextContent().strip();
            // the caps are on the guest's own figures (children of <domain>); an empty one is libvirt's to refuse
            if (e.getParentNode() == doc.getDocumentElement() && text.matches("\\d+")) {
                long n = Long.parseLong(text);
                switch (e.getLocalName()) {
                    case "memory", "currentMemory" -> assertThat(n * KIB.get(e.hasAttribute("unit")
                            ? e.getAttribute("unit") : "KiB")).as(e.getLocalName() + " in KiB")
                            .isLessThanOrEqualTo(256 * 1024);
                    case "vcpu" -> assertThat(n).as("vcpu").isLessThanOrEqualTo(2);
                    case "iothreads" -> assertThat(n).as("iothreads").isLessThanOrEqualTo(4);
                    default -> { }
                }
            }
            if (e.hasAttribute("queues") && e.getAttribute("queues").matches("\\d+")) {
                assertThat(Long.parseLong(e.getAttribute("queues"))).as("queues").isLessThanOrEqualTo(2);
            }
        }
        assertThat(XmlFuzz.elements(doc).stream().filter(e -> e.getLocalName().equals("interface")).count())
                .isLessThanOrEqualTo(4);
    }

    /** The whitespace-free text of each element with this local name outside the metadata's own children. */
    private static List<String> texts(Document doc, String localName) {
        return XmlFuzz.elements(doc).stream().filter(e -> e.getLocalName().equals(localName))
                .filter(e -> e.getNamespaceURI() == null)
                .map(e -> e.getTextContent().replaceAll("\\s+", "") + "|" + e.getElementsByTagName("*").getLength())
                .toList();
    }

    private static List<String> attributes(Document doc, String parent, String child, String attribute) {
        return XmlFuzz.elements(doc).stream().filter(e -> e.getLocalName().equals(parent))
                .flatMap(p -> attributes(p, child, attribute).stream()).toList();
    }

    private static List<String> attributes(Element parent, String child, String attribute) {
        return XmlFuzz.elements(parent.getOwnerDocument()).stream()
                .filter(e -> e.getParentNode() == parent && e.getLocalName().equals(child))
                .map(e -> e.getAttribute(attribute)).toList();
    }
}
