package org.kvmlab.policy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.kvmlab.xml.Xml;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * An allowlist of XML elements, their attributes and the values they may take, read from a YAML resource.
 * Anything it does not name is refused, with the reason the resource gives for well-known dangerous elements.
 * Some rules belong to a <em>grant</em>: they only apply in labs that switch the grant on; a lab may also
 * <em>deny</em> elements the base list allows. Value types are regular expressions named in one place below.
 */
public final class Allowlist {

    /** A named value type: what it matches, and how a refusal describes it to the learner. */
    private record ValueType(Pattern pattern, String description) {
        static ValueType of(String regex, String description) {
            return new ValueType(Pattern.compile(regex), description);
        }
    }

    private static final Map<String, ValueType> TYPES = Map.ofEntries(
            Map.entry("int", ValueType.of("-?\\d{1,10}", "a whole number")),
            Map.entry("uint", ValueType.of("\\d{1,15}", "a whole number (digits only)")),
            Map.entry("hex", ValueType.of("0x[0-9a-fA-F]{1,8}|\\d{1,8}", "a number such as 0x1f")),
            Map.entry("yesno", ValueType.of("yes|no", "yes or no")),
            Map.entry("onoff", ValueType.of("on|off", "on or off")),
            Map.entry("word", ValueType.of("[A-Za-z0-9_.:+-]{1,64}",
                    "letters, digits, '.', '_', ':', '+' and '-' (up to 64)")),
            Map.entry("size-unit", ValueType.of("b|bytes|KB|k|KiB|MB|M|MiB|GB|G|GiB", "a unit such as KiB, MiB or GiB")),
            Map.entry("mac", ValueType.of("(?i)([0-9a-f]{2}:){5}[0-9a-f]{2}", "a MAC address such as 52:54:00:12:34:56")),
            Map.entry("uuid", ValueType.of("(?i)[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}",
                    "a UUID")),
            Map.entry("machine", ValueType.of("pc|q35|pc-i440fx-\\d{1,2}\\.\\d{1,2}|pc-q35-\\d{1,2}\\.\\d{1,2}",
                    "pc or q35 (or a versioned pc-i440fx-X.Y or pc-q35-X.Y)")),
            Map.entry("disk-dev", ValueType.of("(hd|sd|vd)[a-z]{1,2}", "a disk name such as vda, sda or hda")),
            Map.entry("tap-dev", ValueType.of("(vnet|testnet)[0-9]{1,4}", "the name libvirt gives (vnetN), or leave it"
                    + " out")),
            Map.entry("bridge-dev", ValueType.of("virbr[0-9]{1,4}", "the bridge kvmlab gives (virbrN), or leave it out")),
            Map.entry("cpuset", ValueType.of("\\^?\\d{1,4}(-\\d{1,4})?(,\\^?\\d{1,4}(-\\d{1,4})?){0,63}",
                    "host CPU numbers and ranges such as 0-1 or 0,2")),
            Map.entry("vnc-password", ValueType.of("[\\x21-\\x7E]{1,8}", "1 to 8 printable characters without spaces")),
            Map.entry("path", ValueType.of("/[A-Za-z0-9._/+-]{0,255}",
                    "an absolute path of letters, digits, '.', '_', '/', '+' and '-'")),
            Map.entry("text", ValueType.of("[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]{0,4096}",
                    "text without control characters (up to 4096)")));

    /** What one element may carry; {@code grant} is null for rules that always apply. */
    private record Rule(Map<String, ValueSpec> attributes, ValueSpec text, boolean any, String grant) {
    }

    /** Allowed values: a named type or a list of literals. */
    private record ValueSpec(ValueType type, List<String> literals) {
        boolean accepts(String value) {
            return literals != null ? literals.contains(value) : type.pattern().matcher(value).matches();
        }

        String describe() {
            return literals != null ? "one of " + String.join(", ", literals) : type.description();
        }
    }

    private final Map<String, Rule> rules;
    private final Map<String, String> grants;
    private final Map<String, String> refused;
    private final Set<String> active;
    private final Set<String> denied;

    private Allowlist(Map<String, Rule> rules, Map<String, String> grants, Map<String, String> refused,
                      Set<String> active, Set<String> denied) {
        this.rules = rules;
        this.grants = grants;
        this.refused = refused;
        this.active = Set.copyOf(active);
        this.denied = Set.copyOf(denied);
    }

    /** Loads an allowlist from a classpath resource, with no grant switched on and nothing denied. */
    public static Allowlist fromResource(String resource) {
        try (InputStream in = Allowlist.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing policy resource " + resource);
            }
            JsonNode root = YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build()
                    .readTree(in);
            Map<String, String> grants = texts(root.get("grants"));
            Map<String, Rule> rules = new LinkedHashMap<>();
            root.get("elements").fields().forEachRemaining(e -> rules.put(e.getKey(), rule(e.getKey(), e.getValue(),
                    grants)));
            return new Allowlist(rules, grants, texts(root.get("refused")), Set.of(), Set.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> texts(JsonNode node) {
        Map<String, String> texts = new LinkedHashMap<>();
        if (node != null) {
            node.fields().forEachRemaining(e -> texts.put(e.getKey(), e.getValue().asText()));
        }
        return texts;
    }

    private static Rule rule(String path, JsonNode node, Map<String, String> grants) {
        Map<String, ValueSpec> attributes = new HashMap<>();
        JsonNode attrs = node.get("attributes");
        if (attrs != null) {
            attrs.fields().forEachRemaining(a -> attributes.put(a.getKey(), spec(path + "/@" + a.getKey(), a.getValue())));
        }
        ValueSpec text = node.has("text") ? spec(path, node.get("text")) : null;
        String grant = node.has("grant") ? node.get("grant").asText() : null;
        if (grant != null && !grants.containsKey(grant)) {
            throw new IllegalStateException("policy: unknown grant '" + grant + "' at " + path);
        }
        return new Rule(attributes, text, node.path("any").asBoolean(false), grant);
    }

    private static ValueSpec spec(String where, JsonNode node) {
        if (node.isArray()) {
            List<String> literals = new ArrayList<>();
            node.forEach(v -> literals.add(v.asText()));
            return new ValueSpec(null, literals);
        }
        ValueType type = TYPES.get(node.asText());
        if (type == null) {
            throw new IllegalStateException("policy: unknown value type '" + node.asText() + "' at " + where);
        }
        return new ValueSpec(type, null);
    }

    /** The same list with these grants switched on and these element paths refused. */
    public Allowlist with(Set<String> grantsOn, Set<String> deniedPaths) {
        return new Allowlist(rules, grants, refused, grantsOn, deniedPaths);
    }

    /** The grants this list knows, each with what it lets a guest do (why it is off unless a lab needs it). */
    public Map<String, String> grants() {
        return grants;
    }

    /** Whether a rule for this element path exists (e.g. {@code domain/devices/sound}). */
    public boolean knows(String path) {
        return rules.containsKey(path);
    }

    /** Checks the tree under {@code root}, not descending into the elements in {@code skip}. */
    public List<PolicyViolation> check(Element root, Set<Element> skip) {
        List<PolicyViolation> violations = new ArrayList<>();
        walk(root, skip, violations);
        return violations;
    }

    private void walk(Element element, Set<Element> skip, List<PolicyViolation> out) {
        if (skip.contains(element)) {
            return;
        }
        String path = Xml.pathOf(element);
        Rule rule = element.getNamespaceURI() != null ? null : ruleFor(element, path);
        if (rule == null) {
            out.add(PolicyViolation.at(element, path, "The element <" + element.getTagName() + "> is not allowed"
                    + (element.getNamespaceURI() != null ? " (foreign namespace)" : reasonFor(element, path))
                    + ". Remove it."));
            return;
        }
        if (denied.contains(path)) {
            out.add(PolicyViolation.at(element, path, "This lab does not use <" + element.getTagName() + ">. Remove"
                    + " it."));
            return;
        }
        if (rule.grant() != null && !active.contains(rule.grant())) {
            out.add(PolicyViolation.at(element, path, "<" + element.getTagName() + "> is not part of this lab: it "
                    + grants.get(rule.grant()) + ", so kvmlab allows it only in labs that teach it. Remove it."));
            return;
        }
        if (rule.any()) {
            return;
        }
        checkAttributes(element, path, rule, out);
        checkText(element, path, rule, out);
        for (Element child : Xml.children(element)) {
            walk(child, skip, out);
        }
    }

    private Rule ruleFor(Element element, String path) {
        Rule exact = rules.get(path);
        return exact != null ? exact : rules.get("*/" + element.getLocalName());
    }

    /** ": <why>" for an element the resource names as refused, by path or by local name; else " here". */
    private String reasonFor(Element element, String path) {
        String why = refused.get(path);
        if (why == null) {
            why = refused.get("*/" + element.getLocalName());
        }
        return why == null ? " here" : ": " + why;
    }

    private void checkAttributes(Element element, String path, Rule rule, List<PolicyViolation> out) {
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr attr = (Attr) attributes.item(i);
            String name = attr.getName();
            ValueSpec spec = attr.getNamespaceURI() == null ? rule.attributes().get(name) : null;
            if (spec == null) {
                String why = refused.getOrDefault(path + "/@" + name, refused.get("*/@" + name));
                out.add(PolicyViolation.at(element, path + "/@" + name, "The attribute " + name + " on <"
                        + element.getTagName() + "> is not allowed" + (why == null ? "" : ": " + why) + ". Remove it."));
            } else if (!spec.accepts(attr.getValue())) {
                out.add(PolicyViolation.at(element, path + "/@" + name, "The value '" + shorten(attr.getValue())
                        + "' of " + name + " on <" + element.getTagName() + "> is not allowed; use "
                        + spec.describe() + "."));
            }
        }
    }

    private static void checkText(Element element, String path, Rule rule, List<PolicyViolation> out) {
        StringBuilder text = new StringBuilder();
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) {
                text.append(n.getNodeValue());
            }
        }
        String value = text.toString().strip();
        if (value.isEmpty()) {
            return;
        }
        if (!Xml.children(element).isEmpty()) {
            // libvirt reads an element's value or its elements, never both; and the admitted XML is re-indented,
            // which would add spaces to such a value
            out.add(PolicyViolation.at(element, path, "<" + element.getTagName() + "> holds text and elements at"
                    + " once. Keep only " + (rule.text() == null ? "its elements" : "its value '" + shorten(value)
                    + "'") + "."));
        } else if (rule.text() == null) {
            out.add(PolicyViolation.at(element, path, "<" + element.getTagName() + "> takes no text here."));
        } else if (!rule.text().accepts(value)) {
            out.add(PolicyViolation.at(element, path, "The content '" + shorten(value) + "' of <"
                    + element.getTagName() + "> is not allowed; use " + rule.text().describe() + "."));
        }
    }

    static String shorten(String value) {
        return value.length() > 60 ? value.substring(0, 57) + "…" : value;
    }
}
