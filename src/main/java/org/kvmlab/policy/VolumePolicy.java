package org.kvmlab.policy;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.kvmlab.xml.Xml;
import org.kvmlab.xml.XmlException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Judges the XML of a storage volume a learner asks for in their session's pool: a name, a format and a
 * capacity within the lab's caps, nothing that names a host file (path, backing store, permissions, secrets).
 * kvmlab creates the volume from the admitted values, never from the learner's text.
 */
public final class VolumePolicy {

    /** A volume name a learner may choose. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,31}(\\.(qcow2|raw|img))?");
    /** kvmlab's own names for the disks it makes for a lab's guests, which a learner's volume may not take. */
    public static final Pattern GUEST_DISK = Pattern.compile(".*-disk\\d+\\.qcow2");
    private static final long MIN_BYTES = 1L << 20;

    private final Allowlist allowlist;
    private final LabLimits limits;

    VolumePolicy(Allowlist allowlist, LabLimits limits) {
        this.allowlist = allowlist;
        this.limits = limits;
    }

    /** What a learner's volume asks for. */
    public record Volume(String name, String format, long capacityBytes) {
    }

    /**
     * Judges a learner's volume XML.
     *
     * @throws XmlException  when it is malformed (with line and column)
     * @throws PolicyRefusal with every problem, each on its line
     */
    public Volume admit(String xml) throws XmlException, PolicyRefusal {
        Document doc = Xml.parse(xml);
        Element root = doc.getDocumentElement();
        if (!"volume".equals(root.getTagName()) || root.getNamespaceURI() != null) {
            throw new PolicyRefusal(List.of(PolicyViolation.at(root, root.getTagName(),
                    "A volume XML starts with <volume>.")));
        }
        List<PolicyViolation> out = new java.util.ArrayList<>(Nesting.tooDeep(root));
        if (out.isEmpty()) {
            out.addAll(Namespaces.foreign(root, Set.of()));
        }
        if (out.isEmpty()) {
            out.addAll(allowlist.check(root, Set.of()));
        }
        if (!out.isEmpty()) {
            throw new PolicyRefusal(out);
        }
        Element name = single(doc, "name", out);
        Element capacity = single(doc, "capacity", out);
        Element format = Xml.first(doc, "/volume/target/format");
        String formatName = format == null ? "raw" : format.getAttribute("type");
        if (name != null) {
            name(name, out);
        }
        long bytes = capacity == null ? 0 : capacity(capacity, out);
        if (!out.isEmpty()) {
            throw new PolicyRefusal(out);
        }
        return new Volume(name.getTextContent().strip(), formatName, bytes);
    }

    /** Judges a volume asked for by its parts (vol-create-as), exactly as the same volume written as XML. */
    public Volume admit(String name, String format, long capacityBytes) throws PolicyRefusal {
        Document doc = Xml.newDocument();
        Element volume = Xml.element(doc, "volume");
        doc.appendChild(volume);
        Xml.ensureChild(volume, "name").setTextContent(name);
        Element capacity = Xml.ensureChild(volume, "capacity");
        capacity.setAttribute("unit", "bytes");
        capacity.setTextContent(Long.toString(capacityBytes));
        Xml.ensureChild(Xml.ensureChild(volume, "target"), "format").setAttribute("type", format);
        if (!xmlText(name) || !xmlText(format)) {
            // a character XML cannot hold (U+FFFF, a lone surrogate) typed on the command line
            throw new PolicyRefusal(List.of(new PolicyViolation("volume/name", "A volume name and format use letters,"
                    + " digits, '.', '_' and '-' only.", null, null)));
        }
        try {
            return admit(Xml.toString(doc));
        } catch (XmlException e) {
            throw new IllegalStateException("kvmlab built unreadable volume XML", e);
        }
    }

    /** Whether XML 1.0 can hold every character of the text. */
    private static boolean xmlText(String text) {
        return text.codePoints().allMatch(c -> c == 0x9 || c == 0xA || c == 0xD || c >= 0x20 && c <= 0xD7FF
                || c >= 0xE000 && c <= 0xFFFD || c >= 0x10000 && c <= 0x10FFFF);
    }

    private static Element single(Document doc, String name, List<PolicyViolation> out) throws XmlException {
        List<Element> found = Xml.select(doc, "/volume/" + name);
        if (found.isEmpty()) {
            out.add(PolicyViolation.at(doc.getDocumentElement(), "volume/" + name, "A volume needs a <" + name
                    + ">."));
            return null;
        }
        if (found.size() > 1) {
            out.add(PolicyViolation.at(found.get(1), "volume/" + name, "<" + name + "> appears more than once."));
        }
        return found.get(0);
    }

    private static void name(Element name, List<PolicyViolation> out) {
        String value = name.getTextContent().strip();
        if (!NAME.matcher(value).matches() || GUEST_DISK.matcher(value).matches()) {
            out.add(PolicyViolation.at(name, "volume/name", "A volume name has up to 32 letters, digits, '_' and '-',"
                    + " optionally ending in .qcow2, .raw or .img (and not -diskN.qcow2, which kvmlab uses)."));
        }
    }

    private long capacity(Element capacity, List<PolicyViolation> out) {
        String unit = capacity.hasAttribute("unit") ? capacity.getAttribute("unit") : "bytes";
        long bytes = SizeUnits.bytes(capacity.getTextContent(), unit).orElse(Long.MAX_VALUE);
        if (bytes < MIN_BYTES || bytes > limits.volumeBytes()) {
            out.add(PolicyViolation.at(capacity, "volume/capacity", "A volume in this lab holds between 1 MiB and "
                    + limits.volumeGiB() + " GiB."));
        }
        return bytes;
    }
}
