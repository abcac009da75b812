package org.kvmlab.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * The published JSON Schema of lab.yaml ({@code labs/lab.schema.json}, on the classpath as
 * {@code schema/lab.schema.json}), applied with networknt's validator. Editors use the same file for
 * completion and validation. The loader takes the schema's word on the document's shape (unknown fields and
 * wrong types); value rules (patterns, enumerations, ranges, required fields) are in the schema for editors
 * and checked again by the loader, which can explain them in the author's terms.
 */
final class LabSchema {

    /** A schema violation at a JSON pointer into the YAML document. */
    record Violation(String pointer, String message) {
    }

    private static final JsonNode SCHEMA_JSON = read();
    private static final Schema SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(SCHEMA_JSON);

    private LabSchema() {
    }

    static List<Violation> validate(JsonNode document) {
        List<Violation> violations = new ArrayList<>();
        for (Error e : SCHEMA.validate(document)) {
            if ("additionalProperties".equals(e.getKeyword()) && e.getProperty() != null) {
                violations.add(new Violation(pointer(e.getInstanceLocation()) + "/" + e.getProperty(), message(e)));
            } else if ("type".equals(e.getKeyword()) && e.getInstanceNode() != null && !e.getInstanceNode().isNull()) {
                // empty values are left to the loader, which says which field needs one
                String at = pointer(e.getInstanceLocation());
                String field = at.substring(at.lastIndexOf('/') + 1);
                violations.add(new Violation(at, "'" + field + "': " + message(e)));
            }
        }
        return violations;
    }

    /** Every violation, value rules included: what an editor using the schema would flag. */
    static List<String> validateStrictly(JsonNode document) {
        return SCHEMA.validate(document).stream().map(Error::toString).toList();
    }

    /** The schema itself, for tests that compare it with the loader's model. */
    static JsonNode json() {
        return SCHEMA_JSON;
    }

    private static String message(Error e) {
        if ("additionalProperties".equals(e.getKeyword()) && e.getProperty() != null) {
            return "unknown field '" + e.getProperty() + "' (known fields here: "
                    + String.join(", ", knownFields(e)) + ")";
        }
        String text = e.getMessage();
        // networknt starts with the instance path ("$.steps[0]: …"); the position already says where
        return text.replaceFirst("^\\$[^:]*:\\s*", "");
    }

    /** The property names the schema object around a failed additionalProperties allows. */
    private static TreeSet<String> knownFields(Error e) {
        TreeSet<String> names = new TreeSet<>();
        String location = e.getSchemaLocation().getFragment().toString();
        JsonNode node = SCHEMA_JSON.at(location.replaceFirst("^#", "").replaceFirst("/additionalProperties$", ""));
        Iterator<String> fields = node.path("properties").fieldNames();
        fields.forEachRemaining(names::add);
        return names;
    }

    private static String pointer(NodePath path) {
        StringBuilder pointer = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            pointer.append('/').append(String.valueOf(path.getElement(i)).replace("~", "~0").replace("/", "~1"));
        }
        return pointer.toString();
    }

    private static JsonNode read() {
        try (InputStream in = LabSchema.class.getResourceAsStream("/schema/lab.schema.json")) {
            if (in == null) {
                throw new IllegalStateException("schema/lab.schema.json is missing from the classpath");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
