package org.kvmlab.guest.libvirt;

import org.kvmlab.xml.Xml;
import org.kvmlab.xml.XmlException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Storage and network XML the adapter sends to libvirt, written with a real XML API. */
final class LibvirtXml {

    private LibvirtXml() {
    }

    /** The text of the element an XPath selects in libvirt's XML, or "" when there is none. */
    static String valueOf(String xml, String xpath) {
        try {
            org.w3c.dom.Element found = Xml.first(Xml.parse(xml), xpath);
            return found == null ? "" : found.getTextContent().strip();
        } catch (XmlException e) {
            return "";
        }
    }

    static String dirPool(String name, String targetPath) {
        Document doc = Xml.newDocument();
        Element pool = root(doc, "pool");
        pool.setAttribute("type", "dir");
        text(pool, "name", name);
        Element target = add(pool, "target");
        text(target, "path", targetPath);
        Element permissions = add(target, "permissions");
        text(permissions, "mode", "0711");
        return Xml.toString(doc);
    }

    /** An empty, sparse volume readable only by its owner. */
    static String emptyVolume(String name, String format, long capacityBytes) {
        Document doc = Xml.newDocument();
        Element volume = fileVolume(doc, name, format, capacityBytes);
        text(volume, "allocation", "0").setAttribute("unit", "bytes");
        return Xml.toString(doc);
    }

    static String overlayVolume(String name, long capacityBytes, String backingPath) {
        Document doc = Xml.newDocument();
        Element volume = fileVolume(doc, name, "qcow2", capacityBytes);
        text(Xml.child(volume, "target"), "compat", "1.1");
        Element backing = add(volume, "backingStore");
        text(backing, "path", backingPath);
        add(backing, "format").setAttribute("type", "qcow2");
        return Xml.toString(doc);
    }

    /** The {@code <volume>} of a file of this format and size, readable only by its owner. */
    private static Element fileVolume(Document doc, String name, String format, long capacityBytes) {
        Element volume = root(doc, "volume");
        volume.setAttribute("type", "file");
        text(volume, "name", name);
        text(volume, "capacity", Long.toString(capacityBytes)).setAttribute("unit", "bytes");
        Element target = add(volume, "target");
        add(target, "format").setAttribute("type", format);
        text(add(target, "permissions"), "mode", "0600");
        return volume;
    }

    /**
     * A network with no forward element and no address: guests on it reach each other and nothing else, not
     * even the host. Without a bridge name libvirt picks a free one.
     */
    static String isolatedNetwork(String name, String bridge) {
        Document doc = Xml.newDocument();
        Element network = root(doc, "network");
        text(network, "name", name);
        Element br = add(network, "bridge");
        if (bridge != null) {
            br.setAttribute("name", bridge);
        }
        br.setAttribute("stp", "off");
        return Xml.toString(doc);
    }

    static String poolTarget(String poolXml) {
        try {
            Element path = Xml.first(Xml.parse(poolXml), "/pool/target/path");
            return path == null ? null : path.getTextContent().strip();
        } catch (XmlException e) {
            return null;
        }
    }

    private static Element root(Document doc, String name) {
        Element root = Xml.element(doc, name);
        doc.appendChild(root);
        return root;
    }

    private static Element add(Element parent, String name) {
        Element child = Xml.element(parent.getOwnerDocument(), name);
        parent.appendChild(child);
        return child;
    }

    private static Element text(Element parent, String name, String value) {
        Element child = add(parent, name);
        child.setTextContent(value);
        return child;
    }
}
