package org.kvmlab.session;

import org.kvmlab.policy.SnapshotPolicy;
import org.kvmlab.xml.Xml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Snapshot XML the platform writes for a learner's snapshot: a name, a description and, when the learner
 * asked, whether memory and each disk are kept, so libvirt makes internal snapshots inside the guest's own
 * qcow2 overlay. No file paths ever come from a learner.
 */
final class SnapshotXml {

    private SnapshotXml() {
    }

    /** The XML of an admitted learner snapshot, rebuilt from its values (never the learner's own text). */
    static String of(SnapshotPolicy.Snapshot snapshot, String name) {
        Document doc = document(name, snapshot.description());
        Element root = doc.getDocumentElement();
        if (snapshot.memory() != null) {
            Element memory = Xml.element(doc, "memory");
            memory.setAttribute("snapshot", snapshot.memory());
            root.appendChild(memory);
        }
        if (!snapshot.disks().isEmpty()) {
            Element disks = Xml.element(doc, "disks");
            snapshot.disks().forEach((target, mode) -> {
                Element disk = Xml.element(doc, "disk");
                disk.setAttribute("name", target);
                disk.setAttribute("snapshot", mode);
                disks.appendChild(disk);
            });
            root.appendChild(disks);
        }
        return Xml.toString(doc);
    }

    private static Document document(String name, String description) {
        Document doc = Xml.newDocument();
        Element root = Xml.element(doc, "domainsnapshot");
        doc.appendChild(root);
        Element n = Xml.element(doc, "name");
        n.setTextContent(name);
        root.appendChild(n);
        if (description != null && !description.isBlank()) {
            Element d = Xml.element(doc, "description");
            d.setTextContent(description);
            root.appendChild(d);
        }
        return doc;
    }
}
