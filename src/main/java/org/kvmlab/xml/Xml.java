package org.kvmlab.xml;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpression;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Safe XML parsing, XPath and serialisation. Untrusted XML is parsed with DTDs and external entities off,
 * and every element remembers the line and column it started on, so errors can point at the source.
 */
public final class Xml {

    /** User-data key under which each parsed element keeps its {@link Position}. */
    public static final String POSITION = "kvmlab.position";

    /** Where an element starts in the text it was parsed from (1-based). */
    public record Position(int line, int column) {
        @Override
        public String toString() {
            return "line " + line + ", column " + column;
        }
    }

    private Xml() {
    }

    /** Parses XML, refusing DTDs, with positions recorded on every element. */
    public static Document parse(String text) throws XmlException {
        if (text == null || text.isBlank()) {
            throw new XmlException("The XML is empty.", null);
        }
        try {
            Document doc = newDocumentBuilder().newDocument();
            SAXParser parser = saxFactory().newSAXParser();
            parser.parse(new InputSource(new StringReader(text)), new DomBuilder(doc));
            return doc;
        } catch (SAXParseException e) {
            throw new XmlException(cleanMessage(e.getMessage()), new Position(e.getLineNumber(), e.getColumnNumber()));
        } catch (SAXException | IOException | ParserConfigurationException e) {
            throw new XmlException("The XML could not be read: " + cleanMessage(e.getMessage()), null);
        }
    }

    private static String cleanMessage(String message) {
        if (message == null) {
            return "malformed XML";
        }
        return message.replaceFirst("^(?:cvc-[\\w.-]+: )?", "");
    }

    private static SAXParserFactory saxFactory() throws ParserConfigurationException, SAXException {
        SAXParserFactory factory = SAXParserFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setValidating(false);
        factory.setXIncludeAware(false);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        return factory;
    }

    private static DocumentBuilder newDocumentBuilder() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setExpandEntityReferences(false);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        return factory.newDocumentBuilder();
    }

    /** A new empty document. */
    public static Document newDocument() {
        try {
            return newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Serialises a node with two-space indentation and no XML declaration. */
    public static String toString(Node node) {
        try {
            TransformerFactory factory = TransformerFactory.newInstance();
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            Transformer transformer = factory.newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            transformer.setOutputProperty(OutputKeys.INDENT, "yes");
            transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            StringWriter out = new StringWriter();
            Node copy = node instanceof Document d ? d.getDocumentElement().cloneNode(true) : node.cloneNode(true);
            stripWhitespace(copy);
            transformer.transform(new DOMSource(copy), new StreamResult(out));
            return out.toString().strip() + "\n";
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot serialise XML", e);
        }
    }

    /** Removes whitespace-only text nodes between elements, so that re-indenting is stable. */
    public static void stripWhitespace(Node node) {
        NodeList children = node.getChildNodes();
        for (int i = children.getLength() - 1; i >= 0; i--) {
            Node child = children.item(i);
            if (child.getNodeType() == Node.TEXT_NODE && child.getTextContent().isBlank()
                    && hasElementSibling(child)) {
                node.removeChild(child);
            } else if (child.getNodeType() == Node.ELEMENT_NODE) {
                stripWhitespace(child);
            }
        }
    }

    private static boolean hasElementSibling(Node text) {
        NodeList siblings = text.getParentNode().getChildNodes();
        for (int i = 0; i < siblings.getLength(); i++) {
            if (siblings.item(i).getNodeType() == Node.ELEMENT_NODE) {
                return true;
            }
        }
        return false;
    }

    /** Compiles an XPath 1.0 expression, with a message a lab author can act on. */
    public static XPathExpression compile(String expression) throws XmlException {
        try {
            XPath xpath = XPathFactory.newInstance().newXPath();
            return xpath.compile(expression);
        } catch (XPathExpressionException e) {
            throw new XmlException("Invalid XPath '" + expression + "': "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), null);
        }
    }

    /**
     * Compiles an XPath 1.0 expression whose {@code $name} variables are answered by {@code variables};
     * a name the map does not hold makes evaluation fail with a message naming it.
     */
    public static XPathExpression compile(String expression, java.util.Map<String, ?> variables)
            throws XmlException {
        try {
            XPath xpath = XPathFactory.newInstance().newXPath();
            xpath.setXPathVariableResolver(name -> {
                Object value = variables.get(name.getLocalPart());
                if (value == null) {
                    throw new IllegalArgumentException("unknown variable $" + name.getLocalPart() + " (known: $"
                            + String.join(", $", new java.util.TreeSet<>(variables.keySet())) + ")");
                }
                return value;
            });
            return xpath.compile(expression);
        } catch (XPathExpressionException e) {
            throw new XmlException("Invalid XPath '" + expression + "': "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), null);
        }
    }

    /** Evaluates an XPath expression as a number (NaN when it is not one). */
    public static double number(XPathExpression expression, Node context) throws XmlException {
        try {
            return (Double) expression.evaluate(context, XPathConstants.NUMBER);
        } catch (XPathExpressionException | IllegalArgumentException e) {
            throw new XmlException("XPath evaluation failed: " + rootMessage(e), null);
        }
    }

    /** Evaluates an XPath expression and counts the nodes it selects. */
    public static int count(XPathExpression expression, Node context) throws XmlException {
        try {
            return ((NodeList) expression.evaluate(context, XPathConstants.NODESET)).getLength();
        } catch (XPathExpressionException | IllegalArgumentException e) {
            throw new XmlException("XPath evaluation failed (it must select nodes): " + rootMessage(e), null);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /** Evaluates an XPath expression as a boolean (XPath 1.0 conversion rules). */
    public static boolean test(XPathExpression expression, Node context) throws XmlException {
        try {
            return (Boolean) expression.evaluate(context, XPathConstants.BOOLEAN);
        } catch (XPathExpressionException | IllegalArgumentException e) {
            throw new XmlException("XPath evaluation failed: " + rootMessage(e), null);
        }
    }

    /** The elements an XPath expression selects. */
    public static List<Element> select(Node context, String expression) throws XmlException {
        try {
            NodeList nodes = (NodeList) compile(expression).evaluate(context, XPathConstants.NODESET);
            List<Element> elements = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                if (nodes.item(i) instanceof Element element) {
                    elements.add(element);
                }
            }
            return elements;
        } catch (XPathExpressionException e) {
            throw new XmlException("XPath '" + expression + "' does not select elements: " + e.getMessage(), null);
        }
    }

    /** The first element an XPath selects, or null. */
    public static Element first(Node context, String expression) throws XmlException {
        List<Element> found = select(context, expression);
        return found.isEmpty() ? null : found.get(0);
    }

    /** Child elements of a node, in document order. */
    public static List<Element> children(Node parent) {
        List<Element> result = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                result.add(e);
            }
        }
        return result;
    }

    /** The first child element with the given local name and no namespace, or null. */
    public static Element child(Node parent, String localName) {
        for (Element e : children(parent)) {
            if (e.getNamespaceURI() == null && localName.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    /**
     * A new element without namespace. Always use this rather than {@code Document.createElement}: a DOM level-1
     * element has no local name, which XPath and {@link #pathOf} rely on.
     */
    public static Element element(Document doc, String localName) {
        return doc.createElementNS(null, localName);
    }

    /** Returns the child with that name, creating it at the end when missing. */
    public static Element ensureChild(Element parent, String localName) {
        Element found = child(parent, localName);
        if (found == null) {
            found = element(parent.getOwnerDocument(), localName);
            parent.appendChild(found);
        }
        return found;
    }

    /** The recorded position of an element, or null when it was not parsed from text. */
    public static Position positionOf(Node node) {
        Object position = node.getUserData(POSITION);
        return position instanceof Position p ? p : null;
    }

    /** The element's path from the root by local names, e.g. {@code domain/devices/disk/source}. */
    public static String pathOf(Element element) {
        StringBuilder path = new StringBuilder(element.getLocalName());
        for (Node n = element.getParentNode(); n instanceof Element parent; n = parent.getParentNode()) {
            path.insert(0, parent.getLocalName() + "/");
        }
        return path.toString();
    }

    /** Structural equality ignoring whitespace between elements and attribute order. */
    public static boolean sameTree(Node a, Node b) {
        if (a == null || b == null) {
            return a == b;
        }
        Node ca = a.cloneNode(true);
        Node cb = b.cloneNode(true);
        stripWhitespace(ca);
        stripWhitespace(cb);
        ca.normalize();
        cb.normalize();
        return ca.isEqualNode(cb);
    }

    /** Builds a DOM from SAX events so that each element can carry its start position. */
    private static final class DomBuilder extends DefaultHandler {
        private final Document doc;
        private Node current;
        private Locator locator;
        private final StringBuilder text = new StringBuilder();
        private final List<String[]> pendingNamespaces = new ArrayList<>();

        DomBuilder(Document doc) {
            this.doc = doc;
            this.current = doc;
        }

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes)
                throws SAXException {
            try {
                start(uri, qName, attributes);
            } catch (org.w3c.dom.DOMException e) {
                // a name the parser passes but DOM refuses, such as '<:lab>' (found by fuzzing): malformed XML
                throw new SAXParseException("'" + qName + "' is not a valid element or attribute name here.", locator);
            }
        }

        private void start(String uri, String qName, Attributes attributes) {
            flushText();
            Element element = doc.createElementNS(uri == null || uri.isEmpty() ? null : uri, qName);
            for (String[] ns : pendingNamespaces) {
                String name = ns[0].isEmpty() ? "xmlns" : "xmlns:" + ns[0];
                element.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, name, ns[1]);
            }
            pendingNamespaces.clear();
            for (int i = 0; i < attributes.getLength(); i++) {
                String attrUri = attributes.getURI(i);
                element.setAttributeNS(attrUri == null || attrUri.isEmpty() ? null : attrUri, attributes.getQName(i),
                        attributes.getValue(i));
            }
            if (locator != null) {
                element.setUserData(POSITION, new Position(locator.getLineNumber(), locator.getColumnNumber()), null);
            }
            current.appendChild(element);
            current = element;
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            flushText();
            current = current.getParentNode();
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            text.append(ch, start, length);
        }

        @Override
        public void processingInstruction(String target, String data) throws SAXException {
            throw new SAXParseException("Processing instructions (<?" + target + " …?>) are not allowed.", locator);
        }

        private void flushText() {
            if (text.length() > 0) {
                if (current != doc) {
                    current.appendChild(doc.createTextNode(text.toString()));
                }
                text.setLength(0);
            }
        }

        @Override
        public void startPrefixMapping(String prefix, String uri) {
            pendingNamespaces.add(new String[] {prefix, uri});
        }
    }
}
