package org.kvmlab.session;

import org.kvmlab.xml.Xml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Snapshot XML the platform writes for a learner's snapshot: only a name and a description, so libvirt picks
 * internal snapshots inside the guest's own qcow2 overlay. No file paths ever come from a learner.
 */
final class SnapshotXml {

    private SnapshotXml() {
    }

    static String internal(String name, String description) {
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
        return Xml.toString(doc);
    }
}
