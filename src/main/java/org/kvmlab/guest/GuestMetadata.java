package org.kvmlab.guest;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.kvmlab.xml.Xml;
import org.kvmlab.xml.XmlException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * kvmlab's own {@code <metadata>} element on every platform guest: which platform instance and session own
 * it and when it expires, so that a restarted platform can tell its guests from orphans even without its
 * database, and never touches the guests of another kvmlab instance on the same host.
 */
public record GuestMetadata(String instance, String sessionId, String lab, String learnerName, Instant expiresAt) {

    public static final String NAMESPACE = "https://kvmlab.org/xmlns/guest/1";
    private static final String PREFIX = "kvmlab";

    /** Builds the {@code <kvmlab:guest>} element in {@code doc}. */
    public Element toElement(Document doc) {
        Element guest = doc.createElementNS(NAMESPACE, PREFIX + ":guest");
        add(doc, guest, "instance", instance);
        add(doc, guest, "session", sessionId);
        add(doc, guest, "lab", lab);
        add(doc, guest, "name", learnerName);
        add(doc, guest, "expires", expiresAt.toString());
        return guest;
    }

    private static void add(Document doc, Element parent, String name, String value) {
        Element e = doc.createElementNS(NAMESPACE, PREFIX + ":" + name);
        e.setTextContent(value);
        parent.appendChild(e);
    }

    /** Reads the metadata from a domain XML; empty when it has none or it is unreadable. */
    public static Optional<GuestMetadata> from(String domainXml) {
        try {
            Document doc = Xml.parse(domainXml);
            Element metadata = Xml.first(doc, "/domain/metadata");
            if (metadata == null) {
                return Optional.empty();
            }
            for (Element child : Xml.children(metadata)) {
                if (NAMESPACE.equals(child.getNamespaceURI()) && "guest".equals(child.getLocalName())) {
                    return Optional.of(new GuestMetadata(text(child, "instance"), text(child, "session"),
                            text(child, "lab"),
                            text(child, "name"), Instant.parse(text(child, "expires"))));
                }
            }
            return Optional.empty();
        } catch (XmlException | DateTimeParseException | NullPointerException e) {
            return Optional.empty();
        }
    }

    private static String text(Element parent, String localName) {
        for (Element child : Xml.children(parent)) {
            if (NAMESPACE.equals(child.getNamespaceURI()) && localName.equals(child.getLocalName())) {
                return child.getTextContent().strip();
            }
        }
        return null;
    }
}
