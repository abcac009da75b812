package org.kvmlab.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.kvmlab.xml.Xml;
import org.kvmlab.xml.XmlException;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;

/**
 * The allowlist for snapshot XML a learner writes ({@code virsh snapshot-create}): a name, a description,
 * whether memory is kept, and per disk whether it is in the snapshot. Snapshots are always internal, inside
 * the guest's own qcow2 overlay, so nothing in a snapshot can name a host file; everything else is refused
 * with the reason. What reaches libvirt is rebuilt by kvmlab from the admitted values, never the learner's text.
 */
public final class SnapshotPolicy {

    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final int MAX_DESCRIPTION = 1000;
    /** Elements that turn up in snapshot XML, and why kvmlab refuses each. */
    private static final Map<String, String> REFUSED = Map.of(
            "domain", "a snapshot may not carry a domain definition: reverting would replace the guest's"
                    + " configuration with it",
            "inactiveDomain", "a snapshot may not carry a domain definition: reverting would replace the guest's"
                    + " configuration with it",
            "source", "snapshot files on the host are placed by kvmlab; its snapshots are internal, so there is no"
                    + " file to name",
            "driver", "snapshots are internal to the guest's qcow2 image; there is no external file to set a driver for",
            "parent", "the parent of a snapshot is set by libvirt (redefining snapshot history is not offered)",
            "creationTime", "the creation time is set by libvirt (redefining snapshot history is not offered)",
            "state", "the state is recorded by libvirt (redefining snapshot history is not offered)",
            "cookie", "the migration cookie is libvirt's own");

    /** What a learner's snapshot asks for. */
    public record Snapshot(String name, String description, String memory, Map<String, String> disks) {
    }

    /**
     * Judges a learner's snapshot XML for a guest with these disk targets ({@code vda}, …).
     *
     * @throws XmlException  when it is malformed (with line and column)
     * @throws PolicyRefusal with every problem, each on its line
     */
    public Snapshot admit(String xml, Set<String> diskTargets) throws XmlException, PolicyRefusal {
        Document doc = Xml.parse(xml);
        List<PolicyViolation> out = new ArrayList<>();
        Element root = doc.getDocumentElement();
        if (!"domainsnapshot".equals(root.getTagName()) || root.getNamespaceURI() != null) {
            throw new PolicyRefusal(List.of(PolicyViolation.at(root, root.getTagName(),
                    "A snapshot XML starts with <domainsnapshot>.")));
        }
        List<PolicyViolation> tooDeep = Nesting.tooDeep(root);
        if (!tooDeep.isEmpty()) {
            throw new PolicyRefusal(tooDeep);
        }
        noAttributes(root, out);
        String name = null;
        String description = "";
        String memory = null;
        Map<String, String> disks = new java.util.LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (Element child : Xml.children(root)) {
            String tag = child.getTagName();
            if (child.getNamespaceURI() != null || tag.contains(":")) {
                out.add(PolicyViolation.at(child, tag, "<" + tag + "> comes from another namespace, which kvmlab"
                        + " does not allow in a snapshot. Remove it."));
                continue;
            }
            if (!seen.add(tag)) {
                out.add(PolicyViolation.at(child, tag, "<" + tag + "> appears more than once."));
                continue;
            }
            switch (tag) {
                case "name" -> {
                    name = child.getTextContent().strip();
                    noAttributes(child, out);
                    if (!NAME.matcher(name).matches() || !Xml.children(child).isEmpty()) {
                        out.add(PolicyViolation.at(child, "name", "A snapshot name uses letters, digits, '.', '_' and"
                                + " '-' (up to 64), starting with a letter or digit."));
                    }
                }
                case "description" -> {
                    description = child.getTextContent().strip();
                    noAttributes(child, out);
                    if (description.length() > MAX_DESCRIPTION || !Xml.children(child).isEmpty()) {
                        out.add(PolicyViolation.at(child, "description", "A description is plain text of up to "
                                + MAX_DESCRIPTION + " characters."));
                    }
                }
                case "memory" -> memory = memory(child, out);
                case "disks" -> disks(child, diskTargets, disks, out);
                default -> out.add(PolicyViolation.at(child, tag, "<" + tag + "> is not allowed in a snapshot: "
                        + REFUSED.getOrDefault(tag, "kvmlab snapshots take a name, a description, <memory> and"
                        + " <disks>") + ". Remove it."));
            }
        }
        if (!out.isEmpty()) {
            throw new PolicyRefusal(out);
        }
        return new Snapshot(name, description, memory, disks);
    }

    private static String memory(Element memory, List<PolicyViolation> out) {
        String value = null;
        NamedNodeMap attributes = memory.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr a = (Attr) attributes.item(i);
            if ("snapshot".equals(a.getName()) && Set.of("no", "internal").contains(a.getValue())) {
                value = a.getValue();
            } else if ("snapshot".equals(a.getName())) {
                out.add(PolicyViolation.at(memory, "memory/@snapshot", "Memory is kept inside the image"
                        + " (snapshot='internal') or not at all (snapshot='no'); '" + a.getValue() + "' would write"
                        + " a file on the host."));
            } else {
                out.add(PolicyViolation.at(memory, "memory/@" + a.getName(), "<memory> takes only snapshot='no' or"
                        + " snapshot='internal'" + ("file".equals(a.getName()) ? ": kvmlab never writes snapshot"
                        + " files to host paths" : "") + "."));
            }
        }
        if (!Xml.children(memory).isEmpty()) {
            out.add(PolicyViolation.at(memory, "memory", "<memory> has no child elements."));
        }
        return value;
    }

    private static void disks(Element disks, Set<String> targets, Map<String, String> chosen,
                              List<PolicyViolation> out) {
        noAttributes(disks, out);
        for (Element disk : Xml.children(disks)) {
            if (!"disk".equals(disk.getTagName())) {
                out.add(PolicyViolation.at(disk, "disks/" + disk.getTagName(), "<disks> holds only <disk> elements."));
                continue;
            }
            String name = disk.getAttribute("name");
            String mode = disk.getAttribute("snapshot");
            if (!targets.contains(name)) {
                out.add(PolicyViolation.at(disk, "disks/disk/@name", "This guest has no disk '" + name + "'; its disks"
                        + " are " + String.join(", ", targets.stream().sorted().toList()) + "."));
            } else if (chosen.containsKey(name)) {
                out.add(PolicyViolation.at(disk, "disks/disk/@name", "The disk '" + name + "' is listed twice."));
            }
            if (!mode.isEmpty() && !Set.of("internal", "no").contains(mode)) {
                out.add(PolicyViolation.at(disk, "disks/disk/@snapshot", "A disk is in the snapshot (internal) or not"
                        + " (no); '" + mode + "' would put a snapshot file on the host, which kvmlab does not allow."));
            }
            NamedNodeMap attributes = disk.getAttributes();
            for (int i = 0; i < attributes.getLength(); i++) {
                String a = attributes.item(i).getNodeName();
                if (!a.equals("name") && !a.equals("snapshot")) {
                    out.add(PolicyViolation.at(disk, "disks/disk/@" + a, "<disk> takes only name and snapshot."));
                }
            }
            for (Element child : Xml.children(disk)) {
                out.add(PolicyViolation.at(child, "disks/disk/" + child.getTagName(), "<" + child.getTagName()
                        + "> is not allowed in a snapshot disk: " + REFUSED.getOrDefault(child.getTagName(),
                        "a snapshot disk takes only name and snapshot") + "."));
            }
            chosen.put(name, mode.isEmpty() ? "internal" : mode);
        }
    }

    private static void noAttributes(Element element, List<PolicyViolation> out) {
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            String a = attributes.item(i).getNodeName();
            out.add(PolicyViolation.at(element, element.getTagName() + "/@" + a, "<" + element.getTagName()
                    + "> takes no attribute '" + a + "'."));
        }
    }
}
