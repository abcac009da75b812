package org.kvmlab.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Hostile XML for the policy fuzz properties: sequences of small edits of a valid document (insert, rename,
 * duplicate or delete elements, set attributes and text, splice raw text such as entities, CDATA, DOCTYPEs or
 * random characters into the serialised form), drawn from a vocabulary of element and attribute names (the
 * allowlist's own, libvirt's dangerous ones, foreign namespaces, random names) and of hostile values. Each edit is
 * a plain record, so jqwik shrinks a failing input to the few edits that matter.
 */
final class XmlFuzz {

    static final String QEMU_NS = "http://libvirt.org/schemas/domain/qemu/1.0";
    static final String DNSMASQ_NS = "http://libvirt.org/schemas/network/dnsmasq/1.0";

    /** What one edit does. */
    enum Kind { INSERT_ELEMENT, SET_ATTRIBUTE, CHANGE_ATTRIBUTE, SET_TEXT, RENAME, DELETE, DUPLICATE, SPLICE_TEXT,
        CUT_TEXT }

    /** One edit; {@code target} and {@code where} are taken modulo what the document has. */
    record Edit(Kind kind, int target, int where, String name, String attribute, String value) {
        @Override
        public String toString() {
            return kind + "#" + target + "@" + where + (kind == Kind.SPLICE_TEXT || kind == Kind.CUT_TEXT ? ""
                    : " <" + name + " " + attribute + ">") + " '" + shorten(value) + "'";
        }
    }

    /** Names and values the edits draw from. */
    record Vocabulary(List<String> elements, List<String> attributes) {
    }

    /** Values a learner could try: host paths, addresses, huge and odd numbers, markup, entities, control characters. */
    static final List<String> HOSTILE_VALUES = List.of(
            "/etc/shadow", "/dev/sda", "/dev/kvm", "../../../etc/passwd", "/var/run/docker.sock", "file:///etc/passwd",
            "/work/main/data/sessions/../../../../etc/shadow", "/tmp/evil.sock", "qemu:///system", "\\\\host\\share",
            "0.0.0.0", "::", "127.0.0.1 ", " 127.0.0.1", "127.1", "127.000.000.001", "::ffff:127.0.0.1", "localhost",
            "5900", "-1", "0", "1", "2", "3", "yes", "no", "on", "off", "none", "file", "block", "dir", "network",
            "bridge", "direct", "user", "ethernet", "hostdev", "vhostuser", "kvm", "qemu", "host-passthrough",
            "host-model", "coredump-destroy", "tcp", "udp", "unix", "pty", "stdio", "virtio", "qcow2", "raw", "vmdk",
            "lun", "cdrom", "unfiltered", "passthrough", "evdev", "egd", "/dev/random", "/dev/urandom", "spice",
            "vnc", "sdl", "clean-traffic", "allow-all", "kvmlab-lab", "default", "virbr0", "vnet0", "eth0", "br0",
            "KiB", "MiB", "GiB", "TiB", "b", "999999999999999", "18446744073709551616", "-9223372036854775808",
            "1e9", "NaN", "0x7fffffff", "+1", " 1", "1 ", "\u0663", "\uFF11", "00000000000000000001",
            "<hostdev mode='subsystem' type='pci'/>", "<filesystem type='mount'><source dir='/'/></filesystem>",
            "<qemu:commandline xmlns:qemu='" + QEMU_NS + "'><qemu:arg value='-S'/></qemu:commandline>",
            "<!DOCTYPE domain [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>", "&x;", "&amp;", "&lt;", "&#0;",
            "&#x110000;", "&#x1F;", "&unknown;", "<![CDATA[<hostdev/>]]>", "]]>", "<!-- -- -->",
            "<?xml-stylesheet href='file:///etc/passwd'?>", "<?xml version='1.0'?>",
            "<xi:include xmlns:xi='http://www.w3.org/2001/XInclude' href='file:///etc/passwd'/>", "</devices>",
            "<devices>", "</domain><domain>", "'", "\"", "<", ">", "&", "\u0000", "\u0001", "\u001b[31m", "\r\n",
            "\t", "\uFEFF", "\uFFFE", "\uD800", "\u202Eevil", "${jndi:ldap://x}", "%n%s%s", "x".repeat(70));

    private XmlFuzz() {
    }

    /** The vocabulary of an allowlist resource: its element and attribute names, plus dangerous and foreign ones. */
    static Vocabulary vocabulary(String allowlistResource, List<String> moreElements, List<String> moreAttributes) {
        JsonNode root = readYaml(allowlistResource);
        Set<String> elements = new TreeSet<>(moreElements);
        Set<String> attributes = new TreeSet<>(moreAttributes);
        root.get("elements").fields().forEachRemaining(e -> {
            elements.add(lastStep(e.getKey()));
            e.getValue().path("attributes").fieldNames().forEachRemaining(attributes::add);
        });
        if (root.has("refused")) {
            root.get("refused").fieldNames().forEachRemaining(k -> elements.add(lastStep(k)));
        }
        elements.addAll(List.of("qemu:commandline", "qemu:arg", "qemu:env", "x:evil", "dnsmasq:options"));
        attributes.addAll(List.of("xmlns:qemu", "xmlns:x", "xml:lang", "x:evil", "file", "path", "dev", "dir",
                "socket", "managed", "rendernode", "passwd", "listen", "port", "websocket", "dumpCore", "sgio", "rawio",
                "tap", "vhost", "template", "mode", "type", "model", "network", "bridge", "name", "unit"));
        return new Vocabulary(List.copyOf(elements), List.copyOf(attributes));
    }

    /**
     * A vocabulary and values that stay close to what the allowlist admits: its own element and attribute names and
     * the literal values it lists, with a few plain numbers and addresses. Edits from these are often admitted, which
     * puts the properties about admitted XML to work.
     */
    static Vocabulary allowedVocabulary(String allowlistResource) {
        JsonNode root = readYaml(allowlistResource);
        Set<String> elements = new TreeSet<>();
        Set<String> attributes = new TreeSet<>();
        root.get("elements").fields().forEachRemaining(e -> {
            elements.add(lastStep(e.getKey()));
            e.getValue().path("attributes").fieldNames().forEachRemaining(attributes::add);
        });
        return new Vocabulary(List.copyOf(elements), List.copyOf(attributes));
    }

    /** The literal values an allowlist lists, plus plain numbers and the loopback address. */
    static Arbitrary<String> allowedValues(String allowlistResource) {
        Set<String> values = new TreeSet<>(List.of("0", "1", "2", "4", "128", "1024", "131072", "65000", "99999999",
                "999999999999999", "127.0.0.1", "qcow2",
                "vda", "virtio", "0x00", "0x1f", "52:54:00:12:34:56", "0-1", "x"));
        readYaml(allowlistResource).get("elements").forEach(rule -> {
            rule.path("attributes").forEach(spec -> spec.forEach(v -> values.add(v.asText())));
            rule.path("text").forEach(v -> values.add(v.asText()));
        });
        return Arbitraries.of(List.copyOf(values));
    }

    /** Edits drawn from an allowlist's own names and values. */
    static Arbitrary<List<Edit>> allowedEditLists(String allowlistResource, int most) {
        Vocabulary vocabulary = allowedVocabulary(allowlistResource);
        Arbitrary<Kind> kinds = Arbitraries.of(Kind.INSERT_ELEMENT, Kind.SET_ATTRIBUTE, Kind.CHANGE_ATTRIBUTE,
                Kind.SET_TEXT, Kind.DELETE, Kind.DUPLICATE);
        return Combinators.combine(kinds, Arbitraries.integers().between(0, 10_000),
                Arbitraries.integers().between(0, 100_000), Arbitraries.of(vocabulary.elements()),
                Arbitraries.of(vocabulary.attributes()), allowedValues(allowlistResource)).as(Edit::new)
                .list().ofMinSize(1).ofMaxSize(most);
    }

    static JsonNode readYaml(String resource) {
        try (InputStream in = XmlFuzz.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new YAMLMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String lastStep(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    static Arbitrary<String> values() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of(HOSTILE_VALUES)),
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(24)),
                Tuple.of(2, Arbitraries.longs().map(String::valueOf)),
                Tuple.of(1, Arbitraries.strings().withChars("A/.<&").ofMinLength(1000)
                        .ofMaxLength(20_000)));
    }

    static Arbitrary<Edit> edits(Vocabulary vocabulary) {
        Arbitrary<String> names = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of(vocabulary.elements())),
                Tuple.of(1, Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8)));
        Arbitrary<String> attributes = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of(vocabulary.attributes())),
                Tuple.of(1, Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8)));
        // mostly structural edits, which keep the text well-formed, so that admitted inputs are common enough to
        // put the properties about admitted XML to work
        Arbitrary<Kind> kinds = Arbitraries.frequency(Tuple.of(3, Kind.INSERT_ELEMENT),
                Tuple.of(3, Kind.SET_ATTRIBUTE), Tuple.of(3, Kind.CHANGE_ATTRIBUTE), Tuple.of(2, Kind.SET_TEXT),
                Tuple.of(1, Kind.RENAME), Tuple.of(3, Kind.DELETE),
                Tuple.of(3, Kind.DUPLICATE), Tuple.of(1, Kind.SPLICE_TEXT),
                Tuple.of(1, Kind.CUT_TEXT));
        return Combinators.combine(kinds, Arbitraries.integers().between(0, 10_000),
                Arbitraries.integers().between(0, 100_000), names, attributes, values()).as(Edit::new);
    }

    /** A valid document with 1 to {@code most} edits applied, in order. */
    static Arbitrary<List<Edit>> editLists(Vocabulary vocabulary, int most) {
        return edits(vocabulary).list().ofMinSize(1).ofMaxSize(most);
    }

    /** Applies the edits in order; a structural edit on text that no longer parses is skipped. */
    static String apply(String xml, List<Edit> edits) {
        String text = xml;
        for (Edit edit : edits) {
            text = apply(text, edit);
        }
        return text;
    }

    private static String apply(String text, Edit edit) {
        switch (edit.kind()) {
            case SPLICE_TEXT -> {
                int at = edit.where() % (text.length() + 1);
                return text.substring(0, at) + edit.value() + text.substring(at);
            }
            case CUT_TEXT -> {
                int at = edit.where() % (text.length() + 1);
                int end = Math.min(text.length(), at + 1 + edit.target() % 40);
                return text.substring(0, at) + text.substring(end);
            }
            default -> {
                Document doc = parse(text);
                if (doc == null) {
                    return text;
                }
                try {
                    structural(doc, edit);
                    return serialize(doc);
                } catch (RuntimeException e) {
                    // a name or value the DOM itself refuses (e.g. 'x:' without a namespace): the edit is dropped
                    return text;
                }
            }
        }
    }

    private static void structural(Document doc, Edit edit) {
        NodeList all = doc.getElementsByTagName("*");
        Element target = (Element) all.item(edit.target() % all.getLength());
        boolean root = target == doc.getDocumentElement();
        switch (edit.kind()) {
            case INSERT_ELEMENT -> {
                Element added = element(doc, edit.name());
                attribute(added, edit.attribute(), edit.value());
                NodeList children = target.getChildNodes();
                Node before = children.item(edit.where() % (children.getLength() + 1));
                target.insertBefore(added, before);
            }
            case SET_ATTRIBUTE -> attribute(target, edit.attribute(), edit.value());
            case CHANGE_ATTRIBUTE -> {
                // a new value for one of the element's own attributes (type='network' becomes 'bridge', …)
                var attributes = target.getAttributes();
                if (attributes.getLength() > 0) {
                    ((org.w3c.dom.Attr) attributes.item(edit.where() % attributes.getLength())).setValue(edit.value());
                }
            }
            case SET_TEXT -> {
                if (target.getElementsByTagName("*").getLength() == 0) {
                    target.setTextContent(edit.value());
                } else {
                    target.appendChild(doc.createTextNode(edit.value()));
                }
            }
            case RENAME -> doc.renameNode(target, namespaceOf(edit.name()), edit.name());
            case DELETE -> {
                if (!root) {
                    target.getParentNode().removeChild(target);
                }
            }
            case DUPLICATE -> {
                if (!root) {
                    target.getParentNode().insertBefore(target.cloneNode(true), target.getNextSibling());
                }
            }
            default -> throw new IllegalArgumentException(edit.kind().name());
        }
    }

    private static Element element(Document doc, String name) {
        return doc.createElementNS(namespaceOf(name), name);
    }

    private static String namespaceOf(String name) {
        if (name.startsWith("qemu:")) {
            return QEMU_NS;
        } else if (name.startsWith("dnsmasq:")) {
            return DNSMASQ_NS;
        }
        return name.contains(":") ? "urn:evil" : null;
    }

    private static void attribute(Element element, String name, String value) {
        if (name.startsWith("xmlns:")) {
            String prefix = name.substring("xmlns:".length());
            element.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, name,
                    prefix.equals("qemu") ? QEMU_NS : "urn:" + prefix);
        } else if (name.startsWith("xml:")) {
            element.setAttributeNS(XMLConstants.XML_NS_URI, name, value);
        } else {
            element.setAttributeNS(namespaceOf(name), name, value);
        }
    }

    /** Parses trusted test text (or text the fuzzer made) with namespaces; null when it is not well-formed. */
    static Document parse(String text) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            var builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(new InputSource(new StringReader(text)));
        } catch (Exception e) {
            return null;
        }
    }

    static String serialize(Document doc) {
        try {
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(doc), new StreamResult(out));
            return out.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every element of a document, in document order. */
    static List<Element> elements(Document doc) {
        List<Element> out = new ArrayList<>();
        NodeList all = doc.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            out.add((Element) all.item(i));
        }
        return out;
    }

    static String shorten(String s) {
        String printable = s.replaceAll("[\\p{Cntrl}]", "?");
        return printable.length() > 80 ? printable.substring(0, 77) + "…(" + s.length() + " chars)" : printable;
    }
}
