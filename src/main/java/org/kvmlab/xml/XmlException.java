package org.kvmlab.xml;

/** XML that cannot be parsed or an XPath that cannot be compiled, with where it went wrong when known. */
public class XmlException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Xml.Position position;

    public XmlException(String message, Xml.Position position) {
        super(message);
        this.position = position;
    }

    /** Where in the input the problem is, or null. */
    public Xml.Position position() {
        return position;
    }

    /** The message with its position, for people. */
    public String describe() {
        return position == null ? getMessage() : getMessage() + " (" + position + ")";
    }
}
