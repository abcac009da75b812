package org.kvmlab.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The published schema and the loader describe the same format, and every lab in labs/ passes the schema. */
class LabSchemaTest {

    private static final YAMLMapper YAML = new YAMLMapper();

    static Stream<Path> labs() throws IOException {
        try (Stream<Path> dirs = Files.list(Path.of("labs"))) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("lab.yaml"))).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("labs")
    void everyLabPassesTheSchemaStrictly(Path lab) throws IOException {
        JsonNode doc = YAML.readTree(lab.resolve("lab.yaml").toFile());
        assertThat(LabSchema.validateStrictly(doc)).as(lab.toString()).isEmpty();
    }

    @Test
    void schemaAndLoaderModelKnowTheSameFields() {
        JsonNode schema = LabSchema.json();
        Map<String, Class<?>> defs = Map.of(
                "", LabFile.class,
                "/properties/guests/items", LabFile.GuestEntry.class,
                "/properties/steps/items", LabFile.StepEntry.class,
                "/$defs/check", LabFile.CheckEntry.class,
                "/$defs/probe", LabFile.ProbeEntry.class,
                "/$defs/operation", LabFile.OperationEntry.class,
                "/$defs/probe/properties/snapshot", LabFile.SnapshotEntry.class,
                "/$defs/probe/properties/compare", LabFile.CompareEntry.class,
                "/$defs/operation/properties/xml", LabFile.EditEntry.class);
        defs.forEach((pointer, type) -> {
            List<String> inSchema = new ArrayList<>();
            schema.at(pointer + "/properties").fieldNames().forEachRemaining(inSchema::add);
            assertThat(inSchema).as(pointer).containsExactlyInAnyOrderElementsOf(publicFields(type));
        });
    }

    @Test
    void aTypoIsAnUnknownFieldAtItsLine() throws IOException {
        JsonNode doc = YAML.readTree("id: x\ntitle: X\nguests: []\nsteps:\n  - id: s\n    title: S\n    text: s.md\n"
                + "    checks:\n      - {id: c, title: C, failure: F, guide: g.md#a, xpaht: 'true()'}\n");
        assertThat(LabSchema.validate(doc)).singleElement().satisfies(v -> {
            assertThat(v.pointer()).isEqualTo("/steps/0/checks/0/xpaht");
            assertThat(v.message()).startsWith("unknown field 'xpaht' (known fields here: agent, agentInfo, all");
        });
    }

    private static List<String> publicFields(Class<?> type) {
        List<String> names = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isPublic(f.getModifiers())) {
                    names.add(f.getName());
                }
            }
        }
        return names;
    }
}
