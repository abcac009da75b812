package org.kvmlab.policy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.kvmlab.xml.Xml;
import org.kvmlab.xml.XmlException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * One data-driven policy case from {@code src/test/resources/policy/*.yaml}: a small edit of the canonical
 * libvirt dump, why it matters, and what must come out. A hostile case names its row of section 4
 * ({@code section4.yaml}); an accepted case names the practices it demonstrates ({@code practices.yaml}
 * numbers). {@code platform} edits make the guest's current definition from the canonical dump, for a lab whose
 * platform XML differs (e.g. one that leaves the agent channel to the learner).
 */
record PolicyCase(String name, String reason, String row, List<Integer> practices, Limits limits,
                  List<String> grants, List<Edit> platform, List<Edit> edits, String expect, List<String> admitted) {

    static final GuestLimits LAB_LIMITS = new GuestLimits(256, 2);

    record Limits(int memoryMiB, int vcpus) {
    }

    /** One edit: {replace, with}, {before, insert} (text) or {remove} (an XPath, on the parsed tree). */
    record Edit(String replace, String with, String before, String insert, String remove) {
    }

    record Cases(List<PolicyCase> cases) {
    }

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    static List<PolicyCase> load(String resource) {
        try (InputStream in = PolicyCase.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return YAML.readValue(in, Cases.class).cases();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String resource(String name) {
        try (InputStream in = PolicyCase.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    GuestLimits guestLimits() {
        return limits == null ? LAB_LIMITS : new GuestLimits(limits.memoryMiB(), limits.vcpus());
    }

    /** The domain policy of a lab that switches on this case's grants (none: the platform's own). */
    DomainPolicy policy() {
        return grants == null || grants.isEmpty() ? DomainPolicy.standard() : LearnerPolicy.standard()
                .forLab(PolicySettings.STANDARD.withGrants(java.util.Set.copyOf(grants))).domain();
    }

    List<String> admittedChecks() {
        return admitted == null ? List.of() : admitted;
    }

    List<Integer> practiceNumbers() {
        return practices == null ? List.of() : practices;
    }

    /** The guest's current definition: the canonical dump, with this case's platform edits. */
    String current(String canonical) throws XmlException {
        return platform == null || platform.isEmpty() ? canonical : apply(canonical, platform);
    }

    /** The learner's XML: this case's edits of the guest's current definition. */
    String learner(String canonical) throws XmlException {
        return apply(current(canonical), edits);
    }

    /** Applies the edits to the canonical text; text edits keep the learner's layout (and line numbers). */
    String apply(String canonical) throws XmlException {
        return apply(canonical, edits);
    }

    private String apply(String canonical, List<Edit> edits) throws XmlException {
        String text = canonical;
        for (Edit e : edits) {
            if (e.replace() != null) {
                text = replaceOnce(text, e.replace(), e.with() == null ? "" : e.with());
            } else if (e.before() != null) {
                text = replaceOnce(text, e.before(), e.insert() + e.before());
            }
        }
        List<Edit> removals = edits.stream().filter(e -> e.remove() != null).toList();
        if (removals.isEmpty()) {
            return text;
        }
        Document doc = Xml.parse(text);
        for (Edit e : removals) {
            List<Element> found = Xml.select(doc, e.remove());
            if (found.isEmpty()) {
                throw new IllegalStateException(name + ": remove '" + e.remove() + "' selects nothing");
            }
            for (Element element : found) {
                element.getParentNode().removeChild(element);
            }
        }
        return Xml.toString(doc);
    }

    private String replaceOnce(String text, String marker, String replacement) {
        int at = text.indexOf(marker);
        if (at < 0 || text.indexOf(marker, at + 1) >= 0) {
            throw new IllegalStateException(name + ": '" + marker + "' must occur exactly once");
        }
        return text.substring(0, at) + replacement + text.substring(at + marker.length());
    }

    @Override
    public String toString() {
        return name;
    }
}
