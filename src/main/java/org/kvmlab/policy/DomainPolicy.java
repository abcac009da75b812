package org.kvmlab.policy;

import java.util.ArrayList;
import java.util.List;
import org.kvmlab.xml.Xml;
import org.kvmlab.xml.XmlException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Judges a learner's domain XML before libvirt sees it. In order: foreign namespaces on the raw input
 * (libvirt would silently drop or obey them), the elements kvmlab owns, the element/attribute allowlist, and
 * the lab's resource caps. The same judgement runs again on libvirt's canonical form after a define, so a
 * trick that only shows once libvirt fills in defaults is still caught.
 */
public final class DomainPolicy {

    private static final String DEFAULT_ALLOWLIST = "/policy/domain-allowlist.yaml";
    private static final int MAX_INTERFACES = 4;
    private static final int MAX_IOTHREADS = 4;
    /** Video memory is host memory: at most 64 MiB per figure (KiB), and a few heads. */
    private static final int MAX_VIDEO_KIB = 65536;
    private static final int MAX_VIDEO_HEADS = 4;

    private final Allowlist allowlist;

    public DomainPolicy(Allowlist allowlist) {
        this.allowlist = allowlist;
    }

    /** The default policy for lab guests, with no grant switched on. */
    public static DomainPolicy standard() {
        return LearnerPolicy.standard().domain();
    }

    /** The resource the platform's domain allowlist is read from. */
    static Allowlist defaultAllowlist() {
        return Allowlist.fromResource(DEFAULT_ALLOWLIST);
    }

    /**
     * Admits learner XML: returns the XML to define, with kvmlab's owned parts in place.
     *
     * @param learnerXml what the learner sent
     * @param currentXml the guest's current inactive definition (source of the owned parts)
     * @throws XmlException when the learner's XML is malformed (with line and column)
     * @throws PolicyRefusal when anything is not allowed
     */
    public String admit(String learnerXml, String currentXml, GuestLimits limits)
            throws XmlException, PolicyRefusal {
        Document learner = Xml.parse(learnerXml);
        Document platform = parseTrusted(currentXml);
        List<PolicyViolation> violations = judge(learner, platform, limits);
        if (!violations.isEmpty()) {
            throw new PolicyRefusal(violations);
        }
        return Xml.toString(learner);
    }

    /** Judges libvirt's canonical form of a definition against the previous one. */
    public List<PolicyViolation> recheck(String canonicalXml, String previousXml, GuestLimits limits) {
        try {
            return judge(Xml.parse(canonicalXml), parseTrusted(previousXml), limits);
        } catch (XmlException e) {
            return List.of(new PolicyViolation("domain", "libvirt returned XML kvmlab cannot read: "
                    + e.getMessage(), null, null));
        }
    }

    /** Judges a platform-made definition on its own (e.g. a lab's starting XML with owned parts filled in). */
    public List<PolicyViolation> judgeStandalone(String xml, GuestLimits limits) throws XmlException {
        Document doc = Xml.parse(xml);
        return judge(doc, parseTrusted(xml), limits);
    }

    /**
     * Judges a platform-made definition given as a document, e.g. a lab's starting XML with owned parts
     * filled in, whose elements still carry their positions in the lab's file; {@code platform} is a second,
     * identical build that stands for what the platform owns.
     */
    public List<PolicyViolation> judgeStandalone(Document doc, Document platform, GuestLimits limits)
            throws XmlException {
        return judge(doc, platform, limits);
    }

    /** Parses XML the platform or libvirt wrote, which is well-formed unless something is badly wrong. */
    static Document parseTrusted(String xml) {
        try {
            return Xml.parse(xml);
        } catch (XmlException e) {
            throw new IllegalStateException("platform XML is malformed: " + e.describe(), e);
        }
    }

    private List<PolicyViolation> judge(Document learner, Document platform, GuestLimits limits)
            throws XmlException {
        Element root = learner.getDocumentElement();
        if (!"domain".equals(root.getTagName()) || root.getNamespaceURI() != null) {
            return List.of(PolicyViolation.at(root, root.getTagName(), "A domain XML starts with <domain>."));
        }
        List<PolicyViolation> violations = new ArrayList<>(Nesting.tooDeep(root));
        if (violations.isEmpty()) {
            violations.addAll(foreignNamespaces(root));
        }
        if (!violations.isEmpty()) {
            return violations;
        }
        violations.addAll(OwnedElements.enforce(learner, platform, limits.extraVolumes()));
        violations.addAll(allowlist.check(root, OwnedElements.ownedIn(learner)));
        violations.addAll(caps(learner, limits));
        return violations;
    }

    /** Namespaces outside our metadata: refused on the raw text, before anything can drop them. */
    private static List<PolicyViolation> foreignNamespaces(Element root) throws XmlException {
        return Namespaces.foreign(root, java.util.Set.copyOf(Xml.select(root.getOwnerDocument(), "/domain/metadata")));
    }

    private static List<PolicyViolation> caps(Document doc, GuestLimits limits) throws XmlException {
        List<PolicyViolation> out = new ArrayList<>();
        for (String name : List.of("memory", "currentMemory")) {
            Element memory = Xml.first(doc, "/domain/" + name);
            if (memory == null) {
                continue;
            }
            Double mib = mebibytes(memory);
            if (mib != null && mib > limits.maxMemoryMiB()) {
                out.add(PolicyViolation.at(memory, name, "This lab allows at most " + limits.maxMemoryMiB()
                        + " MiB of memory per guest; <" + name + "> asks for " + Math.round(mib) + " MiB."));
            }
        }
        Element vcpu = Xml.first(doc, "/domain/vcpu");
        if (vcpu != null && over(vcpu.getTextContent(), limits.maxVcpus())) {
            out.add(PolicyViolation.at(vcpu, "vcpu", "This lab allows at most " + limits.maxVcpus()
                    + " vCPUs per guest."));
        }
        Element iothreads = Xml.first(doc, "/domain/iothreads");
        if (iothreads != null && over(iothreads.getTextContent(), MAX_IOTHREADS)) {
            out.add(PolicyViolation.at(iothreads, "iothreads", "At most " + MAX_IOTHREADS + " I/O threads."));
        }
        for (Element model : Xml.select(doc, "/domain/devices/video/model")) {
            for (String attribute : List.of("vram", "ram", "vgamem", "heads")) {
                int cap = attribute.equals("heads") ? MAX_VIDEO_HEADS : MAX_VIDEO_KIB;
                if (model.hasAttribute(attribute) && over(model.getAttribute(attribute), cap)) {
                    out.add(PolicyViolation.at(model, "devices/video/model/@" + attribute, "The video card's "
                            + attribute + " may be at most " + cap + (attribute.equals("heads") ? "" : " KiB") + "."));
                }
            }
        }
        for (Element driver : Xml.select(doc, "/domain/devices/*/driver[@queues]")) {
            if (over(driver.getAttribute("queues"), limits.maxVcpus())) {
                String device = ((Element) driver.getParentNode()).getTagName();
                out.add(PolicyViolation.at(driver, "devices/" + device + "/driver/@queues", "A " + device + " may"
                        + " have at most one queue per vCPU the lab allows (" + limits.maxVcpus() + "): more queues"
                        + " only cost host threads and memory."));
            }
        }
        List<Element> nics = Xml.select(doc, "/domain/devices/interface");
        if (nics.size() > MAX_INTERFACES) {
            out.add(PolicyViolation.at(nics.get(MAX_INTERFACES), "devices/interface", "At most " + MAX_INTERFACES
                    + " network cards per guest."));
        }
        return out;
    }

    private static boolean over(String number, int cap) {
        try {
            return Long.parseLong(number.strip()) > cap;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Double mebibytes(Element memory) {
        String unit = memory.hasAttribute("unit") ? memory.getAttribute("unit") : "KiB";
        var bytes = SizeUnits.bytes(memory.getTextContent(), unit);
        return bytes.isPresent() ? bytes.getAsLong() / (double) (1L << 20) : null;
    }
}
