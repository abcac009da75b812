package org.kvmlab.policy;

import org.kvmlab.xml.Xml;
import org.w3c.dom.Node;

/**
 * One reason a learner's input was refused: the element or attribute it concerns (e.g.
 * {@code devices/disk/source/@file}), a message a student understands, and where it is in their text.
 */
public record PolicyViolation(String element, String message, Integer line, Integer column) {

    static PolicyViolation at(Node node, String element, String message) {
        Xml.Position position = node == null ? null : Xml.positionOf(node);
        return new PolicyViolation(element, message, position == null ? null : position.line(),
                position == null ? null : position.column());
    }

    /** The message with its position, for display in one line. */
    public String describe() {
        return line == null ? message : message + " (line " + line + ")";
    }
}
