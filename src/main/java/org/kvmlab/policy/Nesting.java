package org.kvmlab.policy;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.kvmlab.xml.Xml;
import org.w3c.dom.Element;

/**
 * Refuses learner XML nested deeper than libvirt's formats ever go, before anything walks the tree recursively:
 * thousands of nested elements would otherwise overflow the stack of the policy's own walks (found by fuzzing).
 * Iterative, so it cannot overflow itself.
 */
final class Nesting {

    /** libvirt's deepest documents (a disk's reservations source) are about 8 levels deep. */
    static final int MAX_DEPTH = 32;

    private record Level(Element element, int depth) {
    }

    private Nesting() {
    }

    /** One violation at the first element deeper than {@link #MAX_DEPTH}, or none. */
    static List<PolicyViolation> tooDeep(Element root) {
        Deque<Level> pending = new ArrayDeque<>();
        pending.push(new Level(root, 1));
        while (!pending.isEmpty()) {
            Level level = pending.pop();
            if (level.depth() > MAX_DEPTH) {
                return List.of(PolicyViolation.at(level.element(), root.getTagName(), "Elements are nested more than "
                        + MAX_DEPTH + " levels deep here; libvirt's XML never needs that many. Remove the extra"
                        + " nesting."));
            }
            for (Element child : Xml.children(level.element())) {
                pending.push(new Level(child, level.depth() + 1));
            }
        }
        return List.of();
    }
}
