package org.kvmlab.catalog;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.kvmlab.catalog.LabCheck.AgentExecProbe;
import org.kvmlab.catalog.LabCheck.Probe;
import org.kvmlab.catalog.LabCheck.StateProbe;
import org.kvmlab.catalog.LabCheck.XPathProbe;
import org.kvmlab.catalog.LabFile.CheckEntry;
import org.kvmlab.catalog.LabFile.GuestEntry;
import org.kvmlab.catalog.LabFile.OperationEntry;
import org.kvmlab.catalog.LabFile.StepEntry;
import org.kvmlab.guide.GuideLibrary;
import org.kvmlab.xml.Xml;
import org.kvmlab.xml.XmlException;

/**
 * Reads {@code labs/<id>/lab.yaml} and the files it names, and validates all of it before anything runs:
 * unknown fields are errors (a typo must not silently drop a check), ids are unique, files stay inside the
 * lab folder, XPaths compile and guide links point at existing sections. Every problem is reported at once.
 */
public final class LabLoader {

    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    static final Pattern GUEST_NAME = Pattern.compile("[a-z][a-z0-9-]{0,15}");
    private static final Pattern GUIDE_LINK = Pattern.compile("([a-z0-9][a-z0-9-]*)\\.md#([a-z0-9][a-z0-9-]*)");
    private static final Set<String> STATES = Set.of("running", "paused", "shut off", "in shutdown", "crashed");
    private static final Set<String> POWER_ACTIONS = Set.of("start", "shutdown", "destroy", "reboot", "restart");
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
        Context ctx = new Context(folder.toAbsolutePath().normalize());
        LabFile file = ctx.parse();
        if (file == null) {
            throw new LabException(ctx.problems);
        }
        Lab lab = ctx.build(file);
        if (!ctx.problems.isEmpty()) {
            throw new LabException(ctx.problems);
        }
        return lab;
    }

    /** State of one load: the folder and the problems found so far. */
    private final class Context {
        private final Path folder;
        private final String yamlName;
        private final List<LabProblem> problems = new ArrayList<>();

        Context(Path folder) {
            this.folder = folder;
            this.yamlName = folder.getFileName() + "/lab.yaml";
        }

        void problem(String message) {
            problems.add(new LabProblem(yamlName, 0, 0, message));
        }

        LabFile parse() {
            Path file = folder.resolve("lab.yaml");
            if (!Files.isRegularFile(file)) {
                problem("lab.yaml is missing");
                return null;
            }
            try {
                LabFile lab = yaml.readValue(Files.readString(file, StandardCharsets.UTF_8), LabFile.class);
                if (lab == null) {
                    problem("lab.yaml is empty");
                }
                return lab;
            } catch (UnrecognizedPropertyException e) {
                problems.add(located(e, "unknown field '" + e.getPropertyName() + "' (known: "
                        + e.getKnownPropertyIds() + ")"));
            } catch (JsonProcessingException e) {
                problems.add(located(e, e.getOriginalMessage()));
            } catch (IOException e) {
                problem("cannot read lab.yaml: " + e.getMessage());
            }
            return null;
        }

        private LabProblem located(JsonProcessingException e, String message) {
            JsonLocation at = e.getLocation();
            return new LabProblem(yamlName, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
                    message.replaceAll("\\s*\\(for Object starting at.*", "")
                            .replaceAll("`org\\.kvmlab\\.catalog\\.LabFile\\$(\\w+)`", "$1"));
        }

        Lab build(LabFile f) {
            if (!ID.matcher(f.id()).matches()) {
                problem("id '" + f.id() + "' must be lower-case letters, digits and dashes");
            } else if (!f.id().equals(folder.getFileName().toString())) {
                problem("id '" + f.id() + "' must match the folder name '" + folder.getFileName() + "'");
            }
            List<LabGuest> guests = f.guests().stream().map(this::guest).filter(Objects::nonNull).toList();
            unique("guest name", f.guests().stream().map(GuestEntry::name).toList());
            if (guests.isEmpty()) {
                problem("a lab needs at least one guest");
            }
            String defaultGuest = guests.isEmpty() ? null : guests.get(0).name();
            Set<String> guestNames = new HashSet<>(f.guests().stream().map(GuestEntry::name).toList());
            unique("step id", f.steps().stream().map(StepEntry::id).toList());
            unique("check id", f.steps().stream().flatMap(s -> s.checks().stream()).map(CheckEntry::id).toList());
            List<LabStep> steps = f.steps().stream().map(s -> step(s, defaultGuest, guestNames)).toList();
            if (steps.isEmpty()) {
                problem("a lab needs at least one step");
            }
            return new Lab(f.id(), f.title(), nz(f.summary()), nz(f.difficulty()),
                    f.minutes() == null ? 30 : f.minutes(), f.objectives() == null ? List.of() : f.objectives(),
                    guests, steps);
        }

        private void unique(String what, List<String> ids) {
            Set<String> seen = new HashSet<>();
            for (String id : ids) {
                if (!seen.add(id)) {
                    problem("duplicate " + what + " '" + id + "'");
                }
                if (id != null && !ID.matcher(id).matches()) {
                    problem(what + " '" + id + "' must be lower-case letters, digits and dashes");
                }
            }
        }

        private LabGuest guest(GuestEntry g) {
            if (!GUEST_NAME.matcher(g.name()).matches()) {
                problem("guest name '" + g.name() + "' must start with a letter and use a-z, 0-9 and '-' (max 16)");
                return null;
            }
            String xml = readFile(g.domain(), "domain XML of guest '" + g.name() + "'");
            if (xml == null) {
                return null;
            }
            try {
                Xml.parse(xml);
            } catch (XmlException e) {
                problems.add(new LabProblem(folder.getFileName() + "/" + g.domain(),
                        e.position() == null ? 0 : e.position().line(),
                        e.position() == null ? 0 : e.position().column(), e.getMessage()));
                return null;
            }
            int memory = g.limits() == null || g.limits().memoryMiB() == null ? DEFAULT_MEMORY_CAP_MIB
                    : g.limits().memoryMiB();
            int vcpus = g.limits() == null || g.limits().vcpus() == null ? DEFAULT_VCPU_CAP : g.limits().vcpus();
            return new LabGuest(g.name(), xml, memory, vcpus);
        }

        private LabStep step(StepEntry s, String defaultGuest, Set<String> guestNames) {
            String markdown = nz(readFile(s.text(), "text of step '" + s.id() + "'"));
            List<LabCheck> checks = s.checks().stream()
                    .map(c -> check(c, defaultGuest, guestNames)).filter(Objects::nonNull).toList();
            if (s.checks().isEmpty()) {
                problem("step '" + s.id() + "' has no checks");
            }
            List<SolutionOperation> solution = new ArrayList<>();
            for (OperationEntry op : s.solution() == null ? List.<OperationEntry>of() : s.solution()) {
                SolutionOperation parsed = operation(s.id(), op, defaultGuest, guestNames);
                if (parsed != null) {
                    solution.add(parsed);
                }
            }
            return new LabStep(s.id(), s.title(), markdown, s.hints() == null ? List.of() : s.hints(), checks,
                    solution);
        }

        private LabCheck check(CheckEntry c, String defaultGuest, Set<String> guestNames) {
            String where = "check '" + c.id() + "'";
            String guest = c.guest() == null ? defaultGuest : c.guest();
            if (!guestNames.contains(guest)) {
                problem(where + " names unknown guest '" + guest + "'");
            }
            int points = c.points() == null ? 1 : c.points();
            if (points < 0) {
                problem(where + " has negative points");
            }
            String guide = guideLink(where, c.guide());
            Probe probe = probe(where, c);
            return probe == null || guide == null ? null
                    : new LabCheck(c.id(), c.title(), guest, points, c.failure(), guide, probe);
        }

        private Probe probe(String where, CheckEntry c) {
            int kinds = (c.xpath() != null ? 1 : 0) + (c.state() != null ? 1 : 0) + (c.agent() != null ? 1 : 0);
            if (kinds != 1) {
                problem(where + " must have exactly one of 'xpath', 'state' or 'agent'");
                return null;
            }
            if (c.live() != null && c.xpath() == null) {
                problem(where + ": 'live' only applies to 'xpath' checks");
            }
            if (c.xpath() != null) {
                try {
                    Xml.compile(c.xpath());
                    return new XPathProbe(c.xpath(), Boolean.TRUE.equals(c.live()));
                } catch (XmlException e) {
                    problem(where + ": " + e.getMessage());
                    return null;
                }
            }
            if (c.state() != null) {
                if (!STATES.contains(c.state())) {
                    problem(where + ": state '" + c.state() + "' is not one of " + STATES);
                    return null;
                }
                return new StateProbe(c.state());
            }
            if (c.agent().command().isEmpty() || !c.agent().command().get(0).startsWith("/")) {
                problem(where + ": the agent command must start with an absolute program path");
                return null;
            }
            try {
                Pattern output = Pattern.compile(c.agent().output() == null ? "" : c.agent().output(),
                        Pattern.MULTILINE);
                return new AgentExecProbe(c.agent().command(), c.agent().exitCode() == null ? 0
                        : c.agent().exitCode(), output);
            } catch (PatternSyntaxException e) {
                problem(where + ": output pattern is not a valid regular expression: " + e.getDescription());
                return null;
            }
        }

        private String guideLink(String where, String link) {
            var m = GUIDE_LINK.matcher(link);
            if (!m.matches()) {
                problem(where + ": guide link '" + link + "' must look like 'file.md#section'");
                return null;
            }
            String name = m.group(1);
            if (!guides.exists(name)) {
                problem(where + ": guide '" + name + ".md' does not exist");
                return null;
            }
            if (!guides.anchors(name).contains(m.group(2))) {
                problem(where + ": guide '" + name + ".md' has no section '#" + m.group(2) + "' (it has "
                        + guides.anchors(name) + ")");
                return null;
            }
            return "/guides/" + name + "#" + m.group(2);
        }

        private SolutionOperation operation(String step, OperationEntry op, String defaultGuest,
                                            Set<String> guestNames) {
            String where = "solution of step '" + step + "'";
            if ((op.xml() == null) == (op.power() == null)) {
                problem(where + ": each operation is either 'xml' or 'power'");
                return null;
            }
            String guest = op.xml() != null ? op.xml().guest() : op.power().guest();
            guest = guest == null ? defaultGuest : guest;
            if (!guestNames.contains(guest)) {
                problem(where + " names unknown guest '" + guest + "'");
                return null;
            }
            if (op.power() != null) {
                if (!POWER_ACTIONS.contains(op.power().action())) {
                    problem(where + ": power action '" + op.power().action() + "' is not one of " + POWER_ACTIONS);
                    return null;
                }
                return new SolutionOperation.Power(guest, op.power().action());
            }
            List<XmlEdit> edits = new ArrayList<>();
            for (Map<String, String> set : nzl(op.xml().set())) {
                if (keysOk(where, "set", set, Set.of("xpath", "value"), Set.of("attribute"))) {
                    edits.add(new XmlEdit.Set(set.get("xpath"), set.get("attribute"), set.get("value")));
                }
            }
            for (String remove : nzl(op.xml().remove())) {
                edits.add(new XmlEdit.Remove(remove));
            }
            for (Map<String, String> add : nzl(op.xml().add())) {
                if (keysOk(where, "add", add, Set.of("xpath", "xml"), Set.of())) {
                    edits.add(new XmlEdit.Add(add.get("xpath"), add.get("xml")));
                }
            }
            for (XmlEdit edit : edits) {
                try {
                    Xml.compile(edit.xpath());
                } catch (XmlException e) {
                    problem(where + ": " + e.getMessage());
                }
            }
            return new SolutionOperation.EditXml(guest, edits);
        }

        private boolean keysOk(String where, String kind, Map<String, String> entry, Set<String> required,
                               Set<String> optional) {
            for (String key : required) {
                if (entry.get(key) == null) {
                    problem(where + ": '" + kind + "' needs '" + key + "'");
                    return false;
                }
            }
            for (String key : entry.keySet()) {
                if (!required.contains(key) && !optional.contains(key)) {
                    problem(where + ": unknown field '" + key + "' in '" + kind + "'");
                    return false;
                }
            }
            return true;
        }

        /** Reads a file named by the lab, refusing names that leave the lab folder. */
        private String readFile(String name, String what) {
            Path file = folder.resolve(name).normalize();
            if (name.isBlank() || Path.of(name).isAbsolute() || !file.startsWith(folder)) {
                problem(what + ": '" + name + "' must be a path inside the lab folder");
                return null;
            }
            if (!Files.isRegularFile(file) || Files.isSymbolicLink(file)) {
                problem(what + ": file '" + name + "' is missing");
                return null;
            }
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                problem(what + ": cannot read '" + name + "': " + e.getMessage());
                return null;
            }
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static <T> List<T> nzl(List<T> list) {
        return list == null ? List.of() : list;
    }
}
