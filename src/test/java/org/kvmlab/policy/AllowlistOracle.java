package org.kvmlab.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * The fuzz properties' oracle for "nothing refused got through": reads an allowlist resource itself and says
 * what in an admitted document it does not allow. Deliberately simple and separate from {@link Allowlist}: an
 * element's path of local names must be listed (exactly, or as {@code *}/name), not under a grant the lab lacks,
 * in no namespace; its attributes must be listed, and where the list gives literal values, one of them; so must
 * its text. Elements marked {@code any} (the platform's metadata) are not looked into.
 */
final class AllowlistOracle {

    private final JsonNode elements;
    private final Set<String> grants;

    AllowlistOracle(String resource, Set<String> grants) {
        this.elements = XmlFuzz.readYaml(resource).get("elements");
        this.grants = Set.copyOf(grants);
    }

    /** What the allowlist does not allow in the tree under {@code root}; empty when all of it is allowed. */
    List<String> problems(Element root) {
        List<String> out = new ArrayList<>();
        walk(root, root.getLocalName(), out);
        return out;
    }

    private void walk(Element element, String path, List<String> out) {
        if (element.getNamespaceURI() != null) {
            out.add(path + ": in namespace " + element.getNamespaceURI());
            return;
        }
        JsonNode rule = elements.has(path) ? elements.get(path) : elements.get("*/" + element.getLocalName());
        if (rule == null) {
            out.add(path + ": not on the allowlist");
            return;
        }
        if (rule.has("grant") && !grants.contains(rule.get("grant").asText())) {
            out.add(path + ": needs the grant " + rule.get("grant").asText());
            return;
        }
        if (rule.path("any").asBoolean(false)) {
            return;
        }
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr a = (Attr) attributes.item(i);
            JsonNode spec = rule.path("attributes").get(a.getName());
            if (a.getNamespaceURI() != null || spec == null) {
                out.add(path + "/@" + a.getName() + ": attribute not on the allowlist");
            } else if (spec.isArray() && !literals(spec).contains(a.getValue())) {
                out.add(path + "/@" + a.getName() + ": value '" + XmlFuzz.shorten(a.getValue()) + "' not listed");
            }
        }
        String text = text(element);
        if (!text.isEmpty()) {
            JsonNode spec = rule.get("text");
            if (spec == null) {
                out.add(path + ": text where the allowlist allows none");
            } else if (spec.isArray() && !literals(spec).contains(text)) {
                out.add(path + ": text '" + XmlFuzz.shorten(text) + "' not listed");
            }
        }
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child) {
                walk(child, path + "/" + child.getLocalName(), out);
            }
        }
    }

    private static Set<String> literals(JsonNode list) {
        Set<String> out = new HashSet<>();
        list.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static String text(Element element) {
        StringBuilder text = new StringBuilder();
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) {
                text.append(n.getNodeValue());
            }
        }
        return text.toString().strip();
    }
}
