package org.kvmlab.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kvmlab.catalog.LabCheck.AgentExecProbe;
import org.kvmlab.catalog.LabCheck.StateProbe;
import org.kvmlab.catalog.LabCheck.XPathProbe;
import org.kvmlab.guide.GuideLibrary;

/**
 * LabLoader on the real virtio-devices lab, and on broken copies of a small template lab
 * ({@code src/test/resources/labs-broken/template/broken-lab}) that must each report a precise problem.
 */
class LabLoaderTest {

    static final Path REAL_LAB = Path.of("labs/virtio-devices");
    static final GuideLibrary GUIDES = new GuideLibrary(Path.of("guides"));
    static final String YAML_FILE = "broken-lab/lab.yaml";

    final LabLoader loader = new LabLoader(GUIDES);

    @TempDir
    Path tmp;

    // --- the real lab ------------------------------------------------------------------------------------

    @Test
    void realLabLoadsWithItsThreeSteps() throws Exception {
        Lab lab = loader.load(REAL_LAB);

        assertThat(lab.id()).isEqualTo("virtio-devices");
        assertThat(lab.title()).isEqualTo("Paravirtual devices");
        assertThat(lab.difficulty()).isEqualTo("beginner");
        assertThat(lab.minutes()).isEqualTo(25);
        assertThat(lab.objectives()).hasSize(4);
        assertThat(lab.steps()).extracting(LabStep::id).containsExactly("disk", "nic", "legacy");
        assertThat(lab.steps()).allSatisfy(step -> {
            assertThat(step.markdown()).as(step.id()).isNotBlank();
            assertThat(step.checks()).as(step.id()).isNotEmpty();
            assertThat(step.solution()).as(step.id()).isNotEmpty();
            assertThat(step.hints()).as(step.id()).isNotEmpty();
        });
        assertThat(lab.step("nic")).isPresent();
        assertThat(lab.step("nope")).isEmpty();
    }

    @Test
    void realLabGuestKeepsItsXmlAndCaps() throws Exception {
        Lab lab = loader.load(REAL_LAB);

        assertThat(lab.guests()).singleElement().satisfies(g -> {
            assertThat(g.name()).isEqualTo("web01");
            assertThat(g.maxMemoryMiB()).isEqualTo(256);
            assertThat(g.maxVcpus()).isEqualTo(2);
            assertThat(g.domainXml()).isEqualTo(Files.readString(REAL_LAB.resolve("web01.xml")));
        });
        assertThat(lab.guest("web01")).isPresent();
        assertThat(lab.guest("web02")).isEmpty();
    }

    @Test
    void realLabMaxScoreIsTheSumOfItsPoints() throws Exception {
        Lab lab = loader.load(REAL_LAB);

        // sum the points straight from the YAML tree (a check without points counts 1)
        JsonNode yaml = new YAMLMapper().readTree(REAL_LAB.resolve("lab.yaml").toFile());
        int sum = 0;
        int checks = 0;
        for (JsonNode step : yaml.get("steps")) {
            for (JsonNode check : step.get("checks")) {
                sum += check.path("points").asInt(1);
                checks++;
            }
        }
        assertThat(lab.steps().stream().mapToInt(s -> s.checks().size()).sum()).isEqualTo(checks);
        assertThat(lab.maxScore()).isEqualTo(sum).isEqualTo(17);
    }

    @Test
    void realLabGuideLinksResolveToGuideSections() throws Exception {
        Lab lab = loader.load(REAL_LAB);
        List<LabCheck> checks = lab.steps().stream().flatMap(s -> s.checks().stream()).toList();

        assertThat(checks).allSatisfy(c -> {
            assertThat(c.guide()).as(c.id()).startsWith("/guides/paravirtual-devices#");
            assertThat(GUIDES.anchors("paravirtual-devices"))
                    .contains(c.guide().substring(c.guide().indexOf('#') + 1));
            assertThat(c.guest()).isEqualTo("web01");
            assertThat(c.failure()).isNotBlank();
        });
        assertThat(check(lab, "disk-format-qcow2").guide()).isEqualTo("/guides/paravirtual-devices#state-the-disk-format");
        assertThat(check(lab, "disk-bus-virtio").guide()).isEqualTo("/guides/paravirtual-devices#virtio-disks");
        assertThat(check(lab, "nic-model-virtio").guide()).isEqualTo("/guides/paravirtual-devices#virtio-network-cards");
        assertThat(check(lab, "no-cirrus").guide())
                .isEqualTo("/guides/paravirtual-devices#remove-legacy-emulated-devices");
    }

    @Test
    void realLabProbesHaveTheirKinds() throws Exception {
        Lab lab = loader.load(REAL_LAB);

        assertThat(check(lab, "disk-format-qcow2").probe()).isInstanceOfSatisfying(XPathProbe.class, p -> {
            assertThat(p.expression()).contains("qcow2");
            assertThat(p.view()).isEqualTo(org.kvmlab.guest.XmlView.INACTIVE);
            assertThat(p.needsRealGuest()).isFalse();
        });
        assertThat(check(lab, "guest-running").probe()).isEqualTo(new StateProbe("running"));
        assertThat(check(lab, "guest-running").points()).isZero();
        assertThat(check(lab, "guest-sees-virtio-disk").probe()).isInstanceOfSatisfying(AgentExecProbe.class, p -> {
            assertThat(p.command()).startsWith("/bin/sh", "-c");
            assertThat(p.exitCode()).isZero();
            assertThat(p.output().matcher("../../../bus/virtio/drivers/virtio_blk").find()).isTrue();
            assertThat(p.output().matcher("../../../bus/ata/drivers/ata_piix").find()).isFalse();
            assertThat(p.needsRealGuest()).isTrue();
        });
    }

    @Test
    void realLabSolutionsAreEditsAndPowerActions() throws Exception {
        Lab lab = loader.load(REAL_LAB);

        List<SolutionOperation> disk = lab.step("disk").orElseThrow().solution();
        assertThat(disk).hasSize(2);
        assertThat(disk.get(0)).isInstanceOfSatisfying(SolutionOperation.EditXml.class, e -> {
            assertThat(e.guest()).isEqualTo("web01");
            assertThat(e.edits()).hasSize(4);
            assertThat(e.edits()).filteredOn(x -> x instanceof XmlEdit.Remove).singleElement()
                    .extracting(XmlEdit::xpath).isEqualTo("/domain/devices/disk[@device='disk']/address");
        });
        assertThat(disk.get(1)).isEqualTo(new SolutionOperation.Power("web01", "restart"));
    }

    // --- the template and its broken copies --------------------------------------------------------------

    @Test
    void templateLabLoads() throws Exception {
        Lab lab = loader.load(template());

        assertThat(lab.id()).isEqualTo("broken-lab");
        assertThat(lab.steps()).extracting(LabStep::id).containsExactly("first", "second");
        assertThat(lab.maxScore()).isEqualTo(5);
        assertThat(lab.guests()).singleElement().satisfies(g -> {
            assertThat(g.maxMemoryMiB()).isEqualTo(128);
            assertThat(g.maxVcpus()).isEqualTo(1);
        });
        // a solution operation without a guest acts on the first guest
        assertThat(lab.step("first").orElseThrow().solution())
                .containsExactly(lab.step("first").orElseThrow().solution().get(0),
                        new SolutionOperation.Power("vm1", "restart"));
    }

    /** One broken copy: replace {@code from} (which must occur once) with {@code to}. */
    record Broken(String name, String from, String to, String problem, boolean located) {
        boolean breaksTheOnlyGuest() {
            return name.startsWith("guest ");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Broken> brokenLabs() {
        return Stream.of(
                new Broken("unknown field (typo of exitCode)", "          exitCode: 0\n", "          exitcode: 0\n",
                        "unknown field 'exitcode'", true),
                new Broken("unknown field (typo of hints)", "    hints: [\"A hint\"]\n", "    hint: [\"A hint\"]\n",
                        "unknown field 'hint'", true),
                new Broken("unknown field at the top", "minutes: 5\n", "minutes: 5\nduration: 5\n",
                        "unknown field 'duration'", true),
                new Broken("duplicate step id", "  - id: second\n", "  - id: first\n",
                        "duplicate step id 'first'", false),
                new Broken("duplicate check id", "      - id: running\n", "      - id: disk-virtio\n",
                        "duplicate check id 'disk-virtio'", false),
                new Broken("step id not an id", "  - id: second\n", "  - id: Second_Step\n",
                        "step id 'Second_Step' must be lower-case letters, digits and dashes", false),
                new Broken("missing step text file", "text: steps/second.md", "text: steps/missing.md",
                        "text of step 'second': file 'steps/missing.md' is missing", false),
                new Broken("step text escaping the folder", "text: steps/second.md", "text: ../../etc/passwd",
                        "text of step 'second': '../../etc/passwd' must be a path inside the lab folder", false),
                new Broken("step text escaping through a sub-folder", "text: steps/second.md",
                        "text: steps/../../broken-lab/../../etc/passwd",
                        "must be a path inside the lab folder", false),
                new Broken("step text as an absolute path", "text: steps/second.md", "text: /etc/passwd",
                        "text of step 'second': '/etc/passwd' must be a path inside the lab folder", false),
                new Broken("binary value (found by fuzzing: the schema validator failed on it)",
                        "title: A lab for loader tests", "title: !!binary AAAA", "'title': binary values (!!binary)",
                        false),
                new Broken("guest domain escaping the folder", "domain: vm1.xml", "domain: ../../etc/passwd",
                        "domain XML of guest 'vm1': '../../etc/passwd' must be a path inside the lab folder", false),
                new Broken("XPath syntax error", "xpath: \"count(/domain/devices/disk[target/@bus!='virtio'])=0\"",
                        "xpath: \"count(/domain/devices/disk[target/@bus!='virtio']=0\"",
                        "check 'disk-virtio': Invalid XPath 'count(/domain/devices/disk[target/@bus!='virtio']=0'",
                        false),
                new Broken("guide file missing", "guide: paravirtual-devices.md#state-the-disk-format",
                        "guide: no-such-guide.md#state-the-disk-format",
                        "check 'agent-sees-vda': guide 'no-such-guide.md' does not exist", false),
                new Broken("guide anchor missing", "guide: paravirtual-devices.md#state-the-disk-format",
                        "guide: paravirtual-devices.md#no-such-section",
                        "check 'agent-sees-vda': guide 'paravirtual-devices.md' has no section '#no-such-section'",
                        false),
                new Broken("guide link without .md", "guide: paravirtual-devices.md#state-the-disk-format",
                        "guide: paravirtual-devices#state-the-disk-format",
                        "guide link 'paravirtual-devices#state-the-disk-format' must look like 'file.md#section'",
                        false),
                new Broken("guide link escaping the guides folder", "guide: paravirtual-devices.md#state-the-disk-format",
                        "guide: ../labs/x.md#state-the-disk-format", "must look like 'file.md#section'", false),
                new Broken("check with two probe kinds", "        state: running\n",
                        "        state: running\n        xpath: \"true()\"\n",
                        "check 'running' mixes xpath and state: give exactly one of", false),
                new Broken("check with no probe", "        state: running\n", "",
                        "check 'running' says nothing to check", false),
                new Broken("live on a state check", "        state: running\n", "        state: running\n        live: true\n",
                        "check 'running': 'live' and 'secure' next to a probe only apply to 'xpath'", false),
                new Broken("unknown practice number", "        state: running\n",
                        "        state: running\n        practices: [40]\n",
                        "check 'running': practice 40 is not one of the 39 practices", false),
                new Broken("passesAtStart without a reason", "        state: running\n",
                        "        state: running\n        passesAtStart: true\n",
                        "'passesAtStart: true' needs a 'reason'", false),
                new Broken("reason without passesAtStart", "        state: running\n",
                        "        state: running\n        reason: because\n",
                        "'reason' explains 'passesAtStart: true', which is not set", false),
                new Broken("unknown XPath variable", "        state: running\n",
                        "        xpath: \"/domain/vcpu <= $hostCores\"\n",
                        "unknown variable $hostCores", false),
                new Broken("count without bounds", "        state: running\n",
                        "        count: {xpath: \"/domain/devices/disk\"}\n",
                        "count needs 'min' and/or 'max'", false),
                new Broken("count on a non-node-set", "        state: running\n",
                        "        count: {xpath: \"1 + 1\", min: 1}\n",
                        "it must select nodes", false),
                new Broken("compare with an unknown operator", "        state: running\n",
                        "        compare: {value: \"/domain/vcpu\", op: \"=<\", to: \"$hostCpus\"}\n",
                        "op '=<' is not one of", false),
                new Broken("empty composite", "        state: running\n", "        all: []\n",
                        "a composite needs at least one part", false),
                new Broken("composite part with two kinds", "        state: running\n",
                        "        any:\n          - {state: running, autostart: true}\n",
                        "mixes state and autostart", false),
                new Broken("agentInfo with a command that writes", "        state: running\n",
                        "        agentInfo: {command: guest-exec, output: x}\n",
                        "agentInfo command 'guest-exec' is not one of the read-only agent commands", false),
                new Broken("unknown stats counter", "        state: running\n",
                        "        stats: {field: cpu.user}\n",
                        "stats field 'cpu.user' is not a known counter", false),
                new Broken("snapshot kind without a name", "        state: running\n",
                        "        snapshot: {kind: internal}\n",
                        "'kind' and 'current' describe a named snapshot", false),
                new Broken("unsupported format", "minutes: 5\n", "minutes: 5\nformat: 2\n",
                        "format 2 is not supported", false),
                new Broken("unknown difficulty", "minutes: 5\n", "minutes: 5\ndifficulty: easy\n",
                        "difficulty 'easy' is not one of", false),
                new Broken("unknown state", "        state: running\n", "        state: up\n",
                        "check 'running': state 'up' is not one of", false),
                new Broken("agent command not absolute", "command: [\"/bin/sh\", \"-c\", \"ls /sys/block\"]",
                        "command: [\"sh\", \"-c\", \"ls /sys/block\"]",
                        "check 'agent-sees-vda': the agent command must be a list starting with an absolute program path", false),
                new Broken("agent command empty", "command: [\"/bin/sh\", \"-c\", \"ls /sys/block\"]", "command: []",
                        "check 'agent-sees-vda': the agent command must be a list starting with an absolute program path", false),
                new Broken("invalid regex", "output: \"^vda$\"", "output: \"^(vda$\"",
                        "check 'agent-sees-vda': output pattern is not a valid regular expression", false),
                new Broken("id not matching the folder", "id: broken-lab\n", "id: other-lab\n",
                        "id 'other-lab' must match the folder name 'broken-lab'", false),
                new Broken("bad power action", "action: restart", "action: reset",
                        "solution of step 'first': power action 'reset' is not one of", false),
                new Broken("power on an unknown guest", "- power: {action: restart}", "- power: {guest: vm9, action: restart}",
                        "solution of step 'first' names unknown guest 'vm9'", false),
                new Broken("check on an unknown guest", "        state: running\n", "        state: running\n        guest: vm9\n",
                        "check 'running' names unknown guest 'vm9'", false),
                new Broken("negative points", "        points: 0\n", "        points: -1\n",
                        "check 'running' has negative points", false),
                new Broken("solution XPath syntax error", "{xpath: \"/domain/devices/disk/target\",",
                        "{xpath: \"/domain/devices/disk/target[\",",
                        "solution of step 'first': Invalid XPath '/domain/devices/disk/target['", false),
                new Broken("solution set without value", ", attribute: bus, value: virtio}", ", attribute: bus}",
                        "solution of step 'first': 'set' needs 'value'", false),
                new Broken("solution set with an unknown key", ", attribute: bus, value: virtio}",
                        ", attribute: bus, value: virtio, attr: x}",
                        "unknown field 'attr' (known fields here: attribute, value, xml, xpath)", true),
                new Broken("operation both xml and power", "      - power: {action: restart}",
                        "      - power: {action: restart}\n        xml: {remove: [\"/domain/devices/disk\"]}",
                        "solution of step 'first': each operation is exactly one of 'xml', 'power'", false),
                new Broken("guest name not a name", "  - name: vm1\n", "  - name: VM-1\n",
                        "guest name 'VM-1' must start with a letter", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenLabs")
    void brokenLabReportsAPreciseProblem(Broken c) throws Exception {
        Path lab = template();
        String yaml = edit(lab, c.from(), c.to());

        LabException e = catchThrowableOfType(LabException.class, () -> loader.load(lab));

        assertThat(e).as("%s must not load", c.name()).isNotNull();
        assertThat(e.problems()).as(c.name()).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo(YAML_FILE);
            assertThat(p.message()).contains(c.problem());
            // every problem in lab.yaml points at a line and column
            assertThat(p.line()).as("line").isPositive();
            assertThat(p.column()).as("column").isPositive();
            assertThat(p.toString()).startsWith(YAML_FILE + ":" + p.line() + ":" + p.column() + ": ");
            if (c.located()) {
                // an unknown field is reported on its own line, not where the enclosing object ends
                String field = c.problem().replaceAll(".*'(.+)'.*", "$1");
                assertThat(p.line()).as("line of the unknown field").isEqualTo(lineOf(yaml, field + ":"));
            }
        });
        assertThat(e.getMessage()).contains(c.problem());
        if (c.breaksTheOnlyGuest()) {
            // without a usable guest, every check and operation also names an unknown guest: the cause comes first
            assertThat(e.problems().get(0).message()).contains(c.problem());
        } else {
            assertThat(e.problems()).as("only the broken thing is reported").hasSize(1);
        }
    }

    @Test
    void typoInARequiredFieldIsStillAnError() throws Exception {
        Path lab = template();
        edit(lab, "        failure: Not running.\n", "        faliure: Not running.\n");

        LabException e = catchThrowableOfType(LabException.class, () -> loader.load(lab));

        // the typo is named, on its own line
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.message()).contains("unknown field 'faliure'").contains("failure");
            assertThat(p.line()).isEqualTo(lineOf(Files.readString(lab.resolve("lab.yaml")), "faliure:"));
        });
    }

    @Test
    void everyProblemIsReportedAtOnce() throws Exception {
        Path lab = template();
        edit(lab, "id: broken-lab\n", "id: other-lab\n");
        edit(lab, "action: restart", "action: reset");
        edit(lab, "output: \"^vda$\"", "output: \"^(vda$\"");
        edit(lab, "text: steps/second.md", "text: steps/missing.md");

        LabException e = catchThrowableOfType(LabException.class, () -> loader.load(lab));

        assertThat(e.problems()).hasSize(4);
        assertThat(e.getMessage().lines()).hasSize(4);
    }

    @Test
    void missingLabYamlIsAProblem() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty-lab"));

        LabException e = catchThrowableOfType(LabException.class, () -> loader.load(empty));

        assertThat(e.problems()).containsExactly(new LabProblem("empty-lab/lab.yaml", 0, 0, "lab.yaml is missing"));
    }

    @Test
    void malformedGuestXmlIsReportedInThatFileWithItsLine() throws Exception {
        Path lab = template();
        String xml = Files.readString(lab.resolve("vm1.xml")).replace("<vcpu>1</vcpu>", "<vcpu>1</vcpus>");
        Files.writeString(lab.resolve("vm1.xml"), xml);

        LabException e = catchThrowableOfType(LabException.class, () -> loader.load(lab));

        assertThat(e.problems()).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo("broken-lab/vm1.xml");
            assertThat(p.line()).isEqualTo(lineOf(xml, "</vcpus>"));
            assertThat(p.column()).isPositive();
            assertThat(p.message()).contains("vcpu");
        });
    }

    @Test
    void guestXmlWithADoctypeIsRefused() throws Exception {
        Path lab = template();
        Files.writeString(lab.resolve("vm1.xml"), "<!DOCTYPE domain [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>\n"
                + Files.readString(lab.resolve("vm1.xml")).replace("<name>vm1</name>", "<name>&x;</name>"));

        LabException e = catchThrowableOfType(LabException.class, () -> loader.load(lab));

        assertThat(e.problems()).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo("broken-lab/vm1.xml");
            assertThat(p.message()).contains("DOCTYPE");
        });
    }

    @Test
    void symlinkedStepFileIsRefused() throws Exception {
        Path lab = template();
        Path outside = Files.writeString(tmp.resolve("secret.md"), "host secret");
        Files.createSymbolicLink(lab.resolve("steps/link.md"), outside);
        edit(lab, "text: steps/second.md", "text: steps/link.md");

        LabException e = catchThrowableOfType(LabException.class, () -> loader.load(lab));

        assertThat(e.problems()).extracting(LabProblem::message)
                .containsExactly("text of step 'second': 'steps/link.md' leads outside the lab folder through a link");
    }

    @ParameterizedTest
    @MethodSource("emptyValues")
    void emptyValuesAreProblemsNotCrashes(String from, String to, String problem) throws Exception {
        Path lab = template();
        edit(lab, from, to);

        LabException e = catchThrowableOfType(LabException.class, () -> loader.load(lab));

        assertThat(e).isNotNull();
        assertThat(e.problems()).anySatisfy(p -> {
            assertThat(p.message()).contains(problem);
            assertThat(p.line()).isPositive();
        });
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> emptyValues() {
        return Stream.of(
                org.junit.jupiter.params.provider.Arguments.of(
                        "guide: paravirtual-devices.md#state-the-disk-format", "guide:", "'guide' is required"),
                org.junit.jupiter.params.provider.Arguments.of("id: broken-lab\n", "id:\n", "'id' is required"),
                org.junit.jupiter.params.provider.Arguments.of("command: [\"/bin/sh\", \"-c\", \"ls /sys/block\"]",
                        "command: [~]", "absolute program path"),
                org.junit.jupiter.params.provider.Arguments.of("    hints: [\"A hint\"]\n", "    hints: [~]\n",
                        "empty entry in 'hints'"));
    }

    @Test
    void aFileInASymlinkedFolderIsRefused() throws Exception {
        Path lab = template();
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.md"), "host secret");
        Files.createSymbolicLink(lab.resolve("linked"), outside);
        edit(lab, "text: steps/second.md", "text: linked/secret.md");

        LabException e = catchThrowableOfType(LabException.class, () -> loader.load(lab));

        assertThat(e.problems()).extracting(LabProblem::message)
                .containsExactly("text of step 'second': 'linked/secret.md' leads outside the lab folder through a link");
    }

    @Test
    void stepWithoutChecksIsAProblem() throws Exception {
        Path lab = template();
        String yaml = Files.readString(lab.resolve("lab.yaml"));
        Files.writeString(lab.resolve("lab.yaml"),
                yaml.substring(0, yaml.indexOf("    checks:\n      - id: agent-sees-vda")) + "    checks: []\n");

        LabException e = catchThrowableOfType(LabException.class, () -> loader.load(lab));

        assertThat(e.problems()).extracting(LabProblem::message).containsExactly("step 'second' has no checks");
    }

    @Test
    void emptyLabYamlIsAProblem() throws Exception {
        Path lab = template();
        Files.writeString(lab.resolve("lab.yaml"), "");

        LabException e = catchThrowableOfType(LabException.class, () -> loader.load(lab));

        assertThat(e.problems()).isNotEmpty().allSatisfy(p -> assertThat(p.file()).isEqualTo(YAML_FILE));
    }

    // --- helpers -----------------------------------------------------------------------------------------

    static LabCheck check(Lab lab, String id) {
        return lab.steps().stream().flatMap(s -> s.checks().stream()).filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow();
    }

    /** A fresh copy of the template lab, in a folder named after its id. */
    Path template() {
        try {
            Path source = Path.of(LabLoaderTest.class.getResource("/labs-broken/template/broken-lab").toURI());
            Path target = tmp.resolve("labs").resolve("broken-lab");
            copyTree(source, target);
            return target;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static void copyTree(Path source, Path target) {
        try (Stream<Path> files = Files.walk(source)) {
            List<Path> all = new ArrayList<>(files.toList());
            for (Path from : all) {
                Path to = target.resolve(source.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void filesOfMegabytesAreRefusedBeforeTheyAreRead() throws Exception {
        // found by fuzzing: a 3 MB lab.yaml took seconds to load; a lab's files are a few KiB
        Path lab = template();
        Files.writeString(lab.resolve("steps/second.md"), "x".repeat((int) LabLoader.MAX_FILE_BYTES + 1));
        LabException e = catchThrowableOfType(LabException.class, () -> loader.load(lab));
        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.message())
                .isEqualTo("text of step 'second': 'steps/second.md' is larger than 1 MiB"));

        String yaml = Files.readString(lab.resolve("lab.yaml"));
        Files.writeString(lab.resolve("lab.yaml"), yaml + "#" + "x".repeat((int) LabLoader.MAX_FILE_BYTES) + "\n");
        e = catchThrowableOfType(LabException.class, () -> loader.load(lab));
        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.message())
                .startsWith("lab.yaml is larger than 1 MiB"));
    }

    @Test
    void nestingTooDeepIsExplainedWithoutTheParsersInnards() throws Exception {
        Path lab = template();
        Files.writeString(lab.resolve("lab.yaml"), "id: " + "[".repeat(2000) + "]".repeat(2000) + "\n");
        LabException e = catchThrowableOfType(LabException.class, () -> loader.load(lab));
        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.message())
                .contains("nesting depth").doesNotContain("StreamReadConstraints"));
    }

    /** Replaces the single occurrence of {@code from} in the lab's lab.yaml; returns the new text. */
    static String edit(Path lab, String from, String to) throws IOException {
        Path file = lab.resolve("lab.yaml");
        String yaml = Files.readString(file);
        int at = yaml.indexOf(from);
        assertThat(at).as("'%s' occurs in lab.yaml", from).isNotNegative();
        assertThat(yaml.indexOf(from, at + 1)).as("'%s' occurs once in lab.yaml", from).isNegative();
        String changed = yaml.substring(0, at) + to + yaml.substring(at + from.length());
        Files.writeString(file, changed);
        return changed;
    }

    /** The 1-based line on which {@code marker} starts. */
    static int lineOf(String text, String marker) {
        int at = text.indexOf(marker);
        assertThat(at).as("'%s' is in the text", marker).isNotNegative();
        return (int) text.substring(0, at).chars().filter(ch -> ch == '\n').count() + 1;
    }
}
