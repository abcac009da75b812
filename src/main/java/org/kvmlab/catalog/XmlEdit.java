package org.kvmlab.catalog;

import java.util.List;
import org.kvmlab.xml.Xml;
import org.kvmlab.xml.XmlException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * One change to a domain XML, addressed by XPath: set an attribute or text, remove elements, or add an
 * XML fragment as the last child of each selected element. An edit that selects nothing is an error, so a
 * reference solution cannot silently go stale.
 */
public sealed interface XmlEdit permits XmlEdit.Set, XmlEdit.Remove, XmlEdit.Add {

    String xpath();

    void applyTo(Document doc) throws XmlException;

    /**
     * Sets {@code attribute} (or the text content when attribute is null) of every selected element. When the
     * XPath ends in a plain child name and selects nothing, that child is created under each selected parent
     * (libvirt leaves out elements that hold only defaults).
     */
    record Set(String xpath, String attribute, String value) implements XmlEdit {
        private static final java.util.regex.Pattern LAST_STEP = java.util.regex.Pattern.compile("(.+)/([A-Za-z][\\w-]*)");

        @Override
        public void applyTo(Document doc) throws XmlException {
            List<Element> targets = Xml.select(doc, xpath);
            var last = LAST_STEP.matcher(xpath);
            if (targets.isEmpty() && last.matches()) {
                for (Element parent : Xml.select(doc, last.group(1))) {
                    targets.add(Xml.ensureChild(parent, last.group(2)));
                }
            }
            if (targets.isEmpty()) {
                throw nothingSelected(xpath);
            }
            for (Element e : targets) {
                if (attribute == null) {
                    e.setTextContent(value);
                } else {
                    e.setAttribute(attribute, value);
                }
            }
        }
    }

    /** Removes every selected element. */
    record Remove(String xpath) implements XmlEdit {
        @Override
        public void applyTo(Document doc) throws XmlException {
            for (Element e : selectSome(doc, xpath)) {
                e.getParentNode().removeChild(e);
            }
        }
    }

    /** Appends the fragment (one element) to every selected element. */
    record Add(String xpath, String fragment) implements XmlEdit {
        @Override
        public void applyTo(Document doc) throws XmlException {
            Element parsed = Xml.parse(fragment).getDocumentElement();
            for (Element e : selectSome(doc, xpath)) {
                Node copy = doc.importNode(parsed, true);
                e.appendChild(copy);
            }
        }
    }

    private static List<Element> selectSome(Document doc, String xpath) throws XmlException {
        List<Element> found = Xml.select(doc, xpath);
        if (found.isEmpty()) {
            throw nothingSelected(xpath);
        }
        return found;
    }

    private static XmlException nothingSelected(String xpath) {
        return new XmlException("The edit's XPath '" + xpath + "' selects nothing", null);
    }
}
