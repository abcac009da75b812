package org.kvmlab.catalog;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.kvmlab.catalog.LabCheck.Probe;
import org.kvmlab.catalog.LabFile.CheckEntry;
import org.kvmlab.catalog.LabFile.GuestEntry;
import org.kvmlab.catalog.LabFile.OperationEntry;
import org.kvmlab.catalog.LabFile.StepEntry;
import org.kvmlab.guide.GuideLibrary;
import org.kvmlab.policy.GuestLimits;
import org.kvmlab.policy.LabLimits;
import org.kvmlab.policy.LearnerPolicy;
import org.kvmlab.policy.PolicySettings;
import org.kvmlab.xml.Xml;
import org.kvmlab.xml.XmlException;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads {@code labs/<id>/lab.yaml} and the files it names, and validates all of it before anything runs:
 * unknown fields are errors (a typo must not silently drop a check), required fields are present, ids are
 * unique, files stay inside the lab folder, XPaths compile and guide links point at existing sections.
 * Every problem is reported at once, with its line and column where it has one.
 */
public final class LabLoader {

    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    static final Pattern GUEST_NAME = Pattern.compile("[a-z][a-z0-9-]{0,15}");
    private static final Pattern GUIDE_LINK = Pattern.compile("([a-z0-9][a-z0-9-]*)\\.md#([a-z0-9][a-z0-9_-]*)");
    private static final Set<String> POWER_ACTIONS = Set.of("start", "shutdown", "destroy", "reboot", "restart");
    private static final Set<String> DIFFICULTIES = Set.of("beginner", "intermediate", "advanced");
    private static final Set<String> AGENT_CHANNELS = Set.of("platform", "learner");
    /** A lab's files are a few KiB; far larger ones are refused before they are read (found by fuzzing). */
    static final long MAX_FILE_BYTES = 1 << 20;
    private static final int DEFAULT_MEMORY_CAP_MIB = 512;
    private static final int DEFAULT_VCPU_CAP = 2;

    private final ObjectMapper yaml = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
    private final GuideLibrary guides;

    public LabLoader(GuideLibrary guides) {
        this.guides = guides;
    }

    /** Loads the lab in this folder (the folder name is the lab id). */
    public Lab load(Path folder) throws LabException {
        Inspection inspection = inspect(folder);
        if (inspection.lab() == null || !inspection.problems().isEmpty()) {
            throw new LabException(inspection.problems());
        }
        return inspection.lab();
    }

    /**
     * What loading found: every problem, and the lab as far as it could be built (guests and steps with
     * problems left out; null when lab.yaml itself could not be read), so further checks can still run.
     */
    public record Inspection(Lab lab, List<LabProblem> problems) {
    }

    public Inspection inspect(Path folder) {
        Context ctx = new Context(folder.toAbsolutePath().normalize());
        LabFile file = ctx.parse();
        Lab lab = file == null ? null : ctx.build(file);
        return new Inspection(lab, List.copyOf(ctx.problems));
    }

    /** State of one load: the folder, the YAML positions and the problems found so far. */
    private final class Context {
        private final Path folder;
        private final String yamlName;
        private final List<LabProblem> problems = new ArrayList<>();
        private YamlPositions positions;

        Context(Path folder) {
            this.folder = folder;
            this.yamlName = folder.getFileName() + "/lab.yaml";
        }

        /** A problem at a node of lab.yaml, given by JSON pointer ("" for the whole file). */
        void problem(String pointer, String message) {
            int[] at = positions == null ? new int[] {0, 0} : positions.at(pointer);
            problems.add(new LabProblem(yamlName, at[0], at[1], message));
        }

        /** Reports a missing required field; returns true when it is present. */
        boolean required(String pointer, String what, Object value) {
            if (value == null || value instanceof String s && s.isBlank()) {
                problem(pointer, what + " is required");
                return false;
            }
            return true;
        }

        LabFile parse() {
            Path file = folder.resolve("lab.yaml");
            if (!Files.isRegularFile(file)) {
                problem("", "lab.yaml is missing");
                return null;
            }
            try {
                if (Files.size(file) > MAX_FILE_BYTES) {
                    problem("", "lab.yaml is larger than " + (MAX_FILE_BYTES >> 20) + " MiB; a lab's files are a few"
                            + " KiB");
                    return null;
                }
                String text = Files.readString(file, StandardCharsets.UTF_8);
                positions = new YamlPositions(text);
                JsonNode tree = yaml.readTree(text);
                if (tree == null || tree.isMissingNode() || tree.isNull()) {
                    problem("", "lab.yaml is empty");
                    return null;
                }
                List<String> binary = binaryValues(tree, "");
                binary.forEach(at -> problem(at, "'" + at.substring(at.lastIndexOf('/') + 1) + "': binary values"
                        + " (!!binary) have no place in lab.yaml; write plain text"));
                if (!binary.isEmpty()) {
                    return null;
                }
                List<LabSchema.Violation> violations = LabSchema.validate(tree);
                violations.forEach(v -> problem(v.pointer(), v.message()));
                return violations.isEmpty() ? yaml.treeToValue(tree, LabFile.class) : null;
            } catch (UnrecognizedPropertyException e) {
                problems.add(located(e, "unknown field '" + e.getPropertyName() + "' (known fields here: "
                        + String.join(", ", e.getKnownPropertyIds().stream().map(Object::toString).sorted().toList())
                        + ")"));
            } catch (JsonProcessingException e) {
                problems.add(located(e, yamlMessage(e)));
            } catch (IOException e) {
                problem("", "cannot read lab.yaml: " + e.getMessage());
            }
            return null;
        }

        /**
         * JSON pointers of {@code !!binary} values, which the schema validator cannot read (it failed with a
         * NullPointerException on one, found by fuzzing) and which no field of a lab takes.
         */
        private static List<String> binaryValues(JsonNode node, String at) {
            List<String> out = new ArrayList<>();
            if (node.isBinary()) {
                out.add(at);
            } else if (node.isContainerNode()) {
                if (node.isArray()) {
                    for (int i = 0; i < node.size(); i++) {
                        out.addAll(binaryValues(node.get(i), at + "/" + i));
                    }
                } else {
                    node.fields().forEachRemaining(f -> out.addAll(binaryValues(f.getValue(), at + "/"
                            + f.getKey().replace("~", "~0").replace("/", "~1"))));
                }
            }
            return out;
        }

        /**
         * SnakeYAML's message quotes the offending lines under a caret; the problem already carries the line
         * and column, and quoting the author's text back (a fuzzed {@code !!java.lang.Runtime} tag, say)
         * reads like a leaked class name. Only what went wrong, and in which construct, is kept.
         */
        private static String yamlMessage(JsonProcessingException e) {
            if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblem() != null) {
                String context = marked.getContext();
                return context == null ? marked.getProblem() : context + ": " + marked.getProblem();
            }
            if (e instanceof MismatchedInputException m && m.getTargetType() != null && !m.getPath().isEmpty()) {
                return "'" + fieldPath(m) + "' must be " + kind(m.getTargetType());
            }
            // Jackson names Java types (`java.lang.String`): a lab author reads the simple name
            return e.getOriginalMessage().replaceAll("(?:java|javax|jakarta|com\\.fasterxml|org\\.kvmlab)\\.[\\w.]*\\.(\\w+)",
                    "$1");
        }

        private static String fieldPath(MismatchedInputException e) {
            StringBuilder path = new StringBuilder();
            for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : e.getPath()) {
                if (r.getFieldName() != null) {
                    path.append(path.length() == 0 ? "" : ".").append(r.getFieldName());
                } else if (r.getIndex() >= 0) {
                    path.append('[').append(r.getIndex()).append(']');
                }
            }
            return path.toString();
        }

        /** A Java type as a lab author knows it. */
        private static String kind(Class<?> type) {
            if (type == String.class) {
                return "text";
            }
            if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
                return "a whole number";
            }
            if (type == Boolean.class || type == boolean.class) {
                return "true or false";
            }
            if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
                return "a list";
            }
            return "a mapping of fields (name: value)";
        }

        private LabProblem located(JsonProcessingException e, String message) {
            JsonLocation at = e.getLocation();
            // a value converted after parsing (a number too big for its field) has no location: -1
            return new LabProblem(yamlName, at == null ? 0 : Math.max(0, at.getLineNr()),
                    at == null ? 0 : Math.max(0, at.getColumnNr()),
                    message.replaceAll("\\s*\\(for Object starting at.*", "")
                            .replaceAll(", from `[^`]*`\\)", ")")
                            .replaceAll("`org\\.kvmlab\\.catalog\\.LabFile(\\$(\\w+))?`", "$2"));
        }

        Lab build(LabFile f) {
            boolean idOk = required("/id", "'id'", f.id);
            required("/title", "'title'", f.title);
            if (f.format != null && f.format != 1) {
                problem("/format", "format " + f.format + " is not supported: this kvmlab reads format 1");
            }
            if (f.difficulty != null && !DIFFICULTIES.contains(f.difficulty)) {
                problem("/difficulty", "difficulty '" + f.difficulty + "' is not one of " + sorted(DIFFICULTIES));
            }
            if (f.minutes != null && (f.minutes < 1 || f.minutes > 600)) {
                problem("/minutes", "minutes must be between 1 and 600");
            }
            if (f.revealCost != null && (f.revealCost < 0 || f.revealCost > 100)) {
                problem("/revealCost", "revealCost must be between 0 and 100 points");
            }
            if (f.workspace != null && f.workspace.maxMinutes != null
                    && (f.workspace.maxMinutes < 10 || f.workspace.maxMinutes > 1440)) {
                problem("/workspace/maxMinutes", "maxMinutes must be between 10 and 1440");
            }
            if (f.coming != null && f.coming.isBlank()) {
                problem("/coming", "'coming' says what the lab waits for; it cannot be empty");
            }
            if (idOk && !ID.matcher(f.id).matches()) {
                problem("/id", "id '" + f.id + "' must be lower-case letters, digits and dashes");
            } else if (idOk && !f.id.equals(folder.getFileName().toString())) {
                problem("/id", "id '" + f.id + "' must match the folder name '" + folder.getFileName() + "'");
            }
            List<LabGuest> guests = new ArrayList<>();
            Set<String> guestNames = new HashSet<>();
            List<GuestEntry> guestEntries = nonNull("/guests", "'guests'", f.guests);
            for (int i = 0; i < guestEntries.size(); i++) {
                LabGuest guest = guest("/guests/" + i, guestEntries.get(i), guestNames);
                if (guest != null) {
                    guests.add(guest);
                }
            }
            if (f.guests != null && f.guests.isEmpty()) {
                problem("/guests", "a lab needs at least one guest");
            }
            String defaultGuest = guestEntries.isEmpty() || guestEntries.get(0) == null ? null
                    : guestEntries.get(0).name;
            List<StepEntry> stepEntries = nonNull("/steps", "'steps'", f.steps);
            if (f.steps != null && f.steps.isEmpty()) {
                problem("/steps", "a lab needs at least one step");
            }
            Set<String> stepIds = new HashSet<>();
            Set<String> checkIds = new HashSet<>();
            List<LabStep> steps = new ArrayList<>();
            for (int i = 0; i < stepEntries.size(); i++) {
                LabStep step = step("/steps/" + i, stepEntries.get(i), defaultGuest, guestNames, stepIds, checkIds);
                if (step != null) {
                    steps.add(step);
                }
            }
            return new Lab(nz(f.id), nz(f.title), nz(f.summary), f.difficulty == null ? "beginner" : f.difficulty,
                    f.minutes == null ? 30 : f.minutes, strings("/objectives", f.objectives),
                    strings("/tags", f.tags), Optional.ofNullable(f.coming), guests, steps, 0,
                    f.revealCost == null ? 0 : f.revealCost, workspace(f.workspace), policy(f.policy));
        }

        /** The lab's policy settings; problems (unknown grants, caps above the platform's) are reported. */
        private PolicySettings policy(LabFile.PolicyEntry p) {
            if (p == null) {
                return PolicySettings.STANDARD;
            }
            LabLimits platform = LabLimits.PLATFORM;
            LabFile.PolicyLimits l = p.limits;
            LabLimits limits = l == null ? platform : new LabLimits(
                    l.snapshots == null ? platform.snapshotsPerGuest() : l.snapshots,
                    l.volumes == null ? platform.volumes() : l.volumes,
                    l.volumeGiB == null ? platform.volumeGiB() : l.volumeGiB);
            PolicySettings settings = new PolicySettings(set(p.grant), set(p.deny), set(p.denyCommands), limits);
            List<String> wrong = LearnerPolicy.standard().problems(settings);
            wrong.forEach(problem -> problem("/policy", problem));
            return wrong.isEmpty() ? settings : PolicySettings.STANDARD;
        }

        private static Set<String> set(List<String> values) {
            return values == null ? Set.of() : values.stream().filter(Objects::nonNull).collect(
                    java.util.stream.Collectors.toSet());
        }

        private static Workspace workspace(LabFile.WorkspaceEntry w) {
            return w == null ? Workspace.DEFAULT : new Workspace(Boolean.TRUE.equals(w.continuousChecking),
                    Boolean.TRUE.equals(w.keepAlive), w.maxMinutes == null ? 0 : w.maxMinutes,
                    Boolean.TRUE.equals(w.requiresKvm));
        }

        /** A list that must be there; null entries are reported and left out. */
        private <T> List<T> nonNull(String pointer, String what, List<T> list) {
            if (list == null) {
                problem(pointer, what + " is required");
                return List.of();
            }
            List<T> entries = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) == null) {
                    problem(pointer + "/" + i, "empty entry in " + what);
                }
                entries.add(list.get(i));
            }
            return entries;
        }

        private List<String> strings(String pointer, List<String> list) {
            return nonNull(pointer, "'" + pointer.substring(pointer.lastIndexOf('/') + 1) + "'",
                    list == null ? List.of() : list).stream().filter(Objects::nonNull).toList();
        }

        private boolean uniqueId(String pointer, String what, String id, Set<String> seen) {
            if (!ID.matcher(id).matches()) {
                problem(pointer, what + " '" + id + "' must be lower-case letters, digits and dashes");
                return false;
            }
            if (!seen.add(id)) {
                problem(pointer, "duplicate " + what + " '" + id + "'");
                return false;
            }
            return true;
        }

        private LabGuest guest(String at, GuestEntry g, Set<String> names) {
            if (g == null || !required(at + "/name", "guest 'name'", g.name)
                    | !required(at + "/domain", "guest 'domain'", g == null ? null : g.domain)) {
                return null;
            }
            if (!GUEST_NAME.matcher(g.name).matches()) {
                problem(at + "/name", "guest name '" + g.name + "' must start with a letter and use a-z, 0-9 and '-'"
                        + " (at most 16)");
                return null;
            }
            if (!names.add(g.name)) {
                problem(at + "/name", "duplicate guest name '" + g.name + "'");
                return null;
            }
            String xml = readFile(at + "/domain", g.domain, "domain XML of guest '" + g.name + "'");
            if (xml == null) {
                return null;
            }
            try {
                Xml.parse(xml);
            } catch (XmlException e) {
                problems.add(new LabProblem(folder.getFileName() + "/" + g.domain,
                        e.position() == null ? 0 : e.position().line(),
                        e.position() == null ? 0 : e.position().column(), e.getMessage()));
                return null;
            }
            int memory = g.limits == null || g.limits.memoryMiB == null ? DEFAULT_MEMORY_CAP_MIB : g.limits.memoryMiB;
            int vcpus = g.limits == null || g.limits.vcpus == null ? DEFAULT_VCPU_CAP : g.limits.vcpus;
            if (memory <= 0 || vcpus <= 0) {
                problem(at + "/limits", "limits must be positive");
            } else if (memory > GuestLimits.MAX_MEMORY_MIB || vcpus > GuestLimits.MAX_VCPUS) {
                problem(at + "/limits", "a lab guest may have at most " + GuestLimits.MAX_MEMORY_MIB + " MiB and "
                        + GuestLimits.MAX_VCPUS + " vCPUs (the platform's cap)");
            }
            if (g.image != null && !g.image.equals("default")) {
                problem(at + "/image", "image '" + g.image + "' is unknown: this kvmlab has one guest image, 'default'");
            }
            if (g.agentChannel != null && !AGENT_CHANNELS.contains(g.agentChannel)) {
                problem(at + "/agentChannel", "agentChannel '" + g.agentChannel + "' is not one of "
                        + sorted(AGENT_CHANNELS));
            }
            return new LabGuest(g.name, xml, memory, vcpus, !"learner".equals(g.agentChannel), g.domain);
        }

        private LabStep step(String at, StepEntry s, String defaultGuest, Set<String> guestNames,
                             Set<String> stepIds, Set<String> checkIds) {
            if (s == null) {
                return null;
            }
            boolean ok = required(at + "/id", "step 'id'", s.id) && uniqueId(at + "/id", "step id", s.id, stepIds);
            ok &= required(at + "/title", "step 'title'", s.title);
            String where = "step '" + nz(s.id) + "'";
            String markdown = required(at + "/text", where + ": 'text'", s.text)
                    ? readFile(at + "/text", s.text, "text of " + where) : null;
            List<LabCheck> checks = new ArrayList<>();
            List<CheckEntry> entries = nonNull(at + "/checks", where + ": 'checks'", s.checks);
            if (s.checks != null && s.checks.isEmpty()) {
                problem(at + "/checks", where + " has no checks");
            }
            for (int i = 0; i < entries.size(); i++) {
                LabCheck check = check(at + "/checks/" + i, entries.get(i), defaultGuest, guestNames, checkIds);
                if (check != null) {
                    checks.add(check);
                }
            }
            List<SolutionOperation> solution = new ArrayList<>();
            List<OperationEntry> operations = s.solution == null ? List.of() : s.solution;
            for (int i = 0; i < operations.size(); i++) {
                SolutionOperation op = operation(at + "/solution/" + i, where, operations.get(i), defaultGuest,
                        guestNames);
                if (op != null) {
                    solution.add(op);
                }
            }
            List<String> hints = strings(at + "/hints", s.hints);
            return ok && markdown != null ? new LabStep(s.id, s.title, markdown, hints, checks, solution, s.text)
                    : null;
        }

        private LabCheck check(String at, CheckEntry c, String defaultGuest, Set<String> guestNames,
                               Set<String> checkIds) {
            if (c == null) {
                return null;
            }
            boolean ok = required(at + "/id", "check 'id'", c.id) && uniqueId(at + "/id", "check id", c.id, checkIds);
            String where = "check '" + nz(c.id) + "'";
            ok &= required(at + "/title", where + ": 'title'", c.title);
            ok &= required(at + "/failure", where + ": 'failure'", c.failure);
            ok &= required(at + "/guide", where + ": 'guide'", c.guide);
            String guest = c.guest == null ? defaultGuest : c.guest;
            if (guest != null && !guestNames.contains(guest)) {
                problem(at + "/guest", where + " names unknown guest '" + guest + "'");
                ok = false;
            }
            int points = c.points == null ? 1 : c.points;
            if (points < 0) {
                problem(at + "/points", where + " has negative points");
                ok = false;
            }
            List<Integer> practices = c.practices == null ? List.of() : c.practices;
            for (int i = 0; i < practices.size(); i++) {
                Integer n = practices.get(i);
                if (n == null || !Practices.exists(n)) {
                    problem(at + "/practices/" + i, where + ": practice " + n + " is not one of the "
                            + Practices.COUNT + " practices (see src/main/resources/curriculum/practices.yaml)");
                    ok = false;
                }
            }
            Optional<String> passesAtStart = Optional.empty();
            if (Boolean.TRUE.equals(c.passesAtStart)) {
                if (c.reason == null || c.reason.isBlank()) {
                    problem(at + "/passesAtStart", where + ": 'passesAtStart: true' needs a 'reason' that says why"
                            + " the untouched guest already passes");
                    ok = false;
                }
                passesAtStart = Optional.ofNullable(c.reason);
            } else if (c.reason != null) {
                problem(at + "/reason", where + ": 'reason' explains 'passesAtStart: true', which is not set");
                ok = false;
            }
            String guide = c.guide == null ? null : guideLink(at + "/guide", where, c.guide);
            Probe probe = new ProbeReader(this::problem).read(at, where, c);
            return ok && probe != null && guide != null
                    ? new LabCheck(c.id, c.title, guest, points, c.failure, guide, practices, passesAtStart, probe)
                    : null;
        }

        private String guideLink(String at, String where, String link) {
            var m = GUIDE_LINK.matcher(link);
            if (!m.matches()) {
                problem(at, where + ": guide link '" + link + "' must look like 'file.md#section'");
                return null;
            }
            String name = m.group(1);
            if (!guides.exists(name)) {
                problem(at, where + ": guide '" + name + ".md' does not exist");
                return null;
            }
            if (!guides.anchors(name).contains(m.group(2))) {
                problem(at, where + ": guide '" + name + ".md' has no section '#" + m.group(2) + "' (it has "
                        + String.join(", ", guides.anchors(name)) + ")");
                return null;
            }
            return "/guides/" + name + "#" + m.group(2);
        }

        private SolutionOperation operation(String at, String step, OperationEntry op, String defaultGuest,
                                            Set<String> guestNames) {
            String where = "solution of " + step;
            int kinds = op == null ? 0 : (op.xml != null ? 1 : 0) + (op.power != null ? 1 : 0)
                    + (op.agent != null ? 1 : 0) + (op.snapshot != null ? 1 : 0) + (op.autostart != null ? 1 : 0);
            if (kinds != 1) {
                problem(at, where + ": each operation is exactly one of 'xml', 'power', 'agent', 'snapshot' or"
                        + " 'autostart'");
                return null;
            }
            String guest = op.xml != null ? op.xml.guest : op.power != null ? op.power.guest
                    : op.agent != null ? op.agent.guest : op.snapshot != null ? op.snapshot.guest : op.autostart.guest;
            guest = guest == null ? defaultGuest : guest;
            if (guest == null || !guestNames.contains(guest)) {
                problem(at, where + " names unknown guest '" + guest + "'");
                return null;
            }
            if (op.power != null) {
                if (op.power.action == null || !POWER_ACTIONS.contains(op.power.action)) {
                    problem(at + "/power/action", where + ": power action '" + op.power.action + "' is not one of "
                            + sorted(POWER_ACTIONS));
                    return null;
                }
                return new SolutionOperation.Power(guest, op.power.action);
            }
            if (op.agent != null) {
                List<String> command = op.agent.command;
                if (!ProbeReader.isGuestCommand(command)) {
                    problem(at + "/agent/command", where + ": a guest command is a list starting with an absolute"
                            + " program path, e.g. [\"/bin/sh\", \"-c\", \"…\"]");
                    return null;
                }
                return new SolutionOperation.GuestCommand(guest, command);
            }
            if (op.snapshot != null) {
                if (op.snapshot.name == null || !ID.matcher(op.snapshot.name).matches()) {
                    problem(at + "/snapshot/name", where + ": a snapshot needs a 'name' of lower-case letters, digits"
                            + " and dashes");
                    return null;
                }
                return new SolutionOperation.Snapshot(guest, op.snapshot.name, nz(op.snapshot.description));
            }
            if (op.autostart != null) {
                if (op.autostart.enabled == null) {
                    problem(at + "/autostart/enabled", where + ": autostart needs 'enabled: true' or 'enabled: false'");
                    return null;
                }
                return new SolutionOperation.Autostart(guest, op.autostart.enabled);
            }
            return new SolutionOperation.EditXml(guest, edits(at + "/xml", where, op.xml));
        }

        private List<XmlEdit> edits(String at, String where, LabFile.EditEntry xml) {
            List<XmlEdit> edits = new ArrayList<>();
            List<Map<String, String>> sets = xml.set == null ? List.of() : xml.set;
            for (int i = 0; i < sets.size(); i++) {
                Map<String, String> set = sets.get(i);
                if (keysOk(at + "/set/" + i, where, "set", set, Set.of("xpath", "value"), Set.of("attribute"))) {
                    edits.add(new XmlEdit.Set(set.get("xpath"), set.get("attribute"), set.get("value")));
                }
            }
            for (String remove : strings(at + "/remove", xml.remove)) {
                edits.add(new XmlEdit.Remove(remove));
            }
            List<Map<String, String>> adds = xml.add == null ? List.of() : xml.add;
            for (int i = 0; i < adds.size(); i++) {
                Map<String, String> add = adds.get(i);
                if (keysOk(at + "/add/" + i, where, "add", add, Set.of("xpath", "xml"), Set.of())) {
                    edits.add(new XmlEdit.Add(add.get("xpath"), add.get("xml")));
                }
            }
            for (XmlEdit edit : edits) {
                try {
                    Xml.compile(edit.xpath());
                } catch (XmlException e) {
                    problem(at, where + ": " + e.getMessage());
                }
            }
            return edits;
        }

        private boolean keysOk(String at, String where, String kind, Map<String, String> entry,
                               Set<String> required, Set<String> optional) {
            if (entry == null) {
                problem(at, where + ": empty '" + kind + "' entry");
                return false;
            }
            for (String key : required) {
                if (entry.get(key) == null) {
                    problem(at, where + ": '" + kind + "' needs '" + key + "'");
                    return false;
                }
            }
            for (String key : entry.keySet()) {
                if (!required.contains(key) && !optional.contains(key)) {
                    problem(at + "/" + key, where + ": unknown field '" + key + "' in '" + kind + "'");
                    return false;
                }
            }
            return true;
        }

        /** Reads a file named by the lab, refusing names (or links) that lead outside the lab folder. */
        private String readFile(String at, String name, String what) {
            Path file = folder.resolve(name).normalize();
            if (name.isBlank() || Path.of(name).isAbsolute() || !file.startsWith(folder)) {
                problem(at, what + ": '" + name + "' must be a path inside the lab folder");
                return null;
            }
            if (!Files.isRegularFile(file)) {
                problem(at, what + ": file '" + name + "' is missing");
                return null;
            }
            try {
                if (!file.toRealPath().startsWith(folder.toRealPath())) {
                    problem(at, what + ": '" + name + "' leads outside the lab folder through a link");
                    return null;
                }
                if (Files.size(file) > MAX_FILE_BYTES) {
                    problem(at, what + ": '" + name + "' is larger than " + (MAX_FILE_BYTES >> 20) + " MiB");
                    return null;
                }
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                problem(at, what + ": cannot read '" + name + "': " + e.getMessage());
                return null;
            }
        }
    }

    private static String sorted(Set<String> values) {
        return String.join(", ", values.stream().sorted().toList());
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
