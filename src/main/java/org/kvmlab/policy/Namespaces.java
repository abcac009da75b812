package org.kvmlab.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.kvmlab.xml.Xml;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;

/**
 * Foreign namespaces in learner XML, found on the raw input before anything can drop or obey them: libvirt
 * silently ignores some (the test driver drops {@code qemu:commandline}) and hands others straight to QEMU or
 * dnsmasq.
 */
final class Namespaces {

    private Namespaces() {
    }

    /** Every element or attribute in a namespace under {@code root}, except inside {@code exempt} elements. */
    static List<PolicyViolation> foreign(Element root, Set<Element> exempt) {
        List<PolicyViolation> out = new ArrayList<>();
        scan(root, exempt, out);
        return out;
    }

    private static void scan(Element element, Set<Element> exempt, List<PolicyViolation> out) {
        if (exempt.contains(element)) {
            return;
        }
        if (element.getNamespaceURI() != null) {
            out.add(PolicyViolation.at(element, element.getTagName(), "<" + element.getTagName()
                    + "> comes from the namespace " + element.getNamespaceURI() + ", which kvmlab does not allow"
                    + " (it can pass arbitrary options to QEMU or the host). Remove it."));
            return;
        }
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr attr = (Attr) attributes.item(i);
            if (attr.getNamespaceURI() != null) {
                out.add(PolicyViolation.at(element, Xml.pathOf(element) + "/@" + attr.getName(), "The namespace"
                        + " attribute " + attr.getName() + " is not allowed on <" + element.getTagName()
                        + ">: foreign namespaces can pass options around libvirt's checks. Remove it."));
            }
        }
        for (Element child : Xml.children(element)) {
            scan(child, exempt, out);
        }
    }
}
