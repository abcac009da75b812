package org.kvmlab.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.kvmlab.guest.Acceleration;
import org.kvmlab.guest.DomainBlueprint;
import org.kvmlab.guest.GuestImage;
import org.kvmlab.guest.GuestMetadata;
import org.kvmlab.guide.GuideLibrary;
import org.kvmlab.guide.Markdown;
import org.kvmlab.policy.DomainPolicy;
import org.kvmlab.policy.LearnerPolicy;
import org.kvmlab.policy.GuestLimits;
import org.kvmlab.policy.PolicyViolation;
import org.kvmlab.xml.XmlException;
import org.w3c.dom.Document;

/**
 * Everything that can be checked about a lab without running it: what the loader validates (schema, unknown
 * fields, ids, files, XPaths, guide links), plus the domain policy on each guest's starting XML (as if the
 * learner had typed it, in this lab's own policy) and Markdown that would not render as written. Used by {@code ./kvmlab lint} and by
 * the upload page.
 */
public final class LabLint {

    /** The lint of one lab folder: the lab when it loaded, and every problem found. */
    public record Result(Path folder, Optional<Lab> lab, List<LabProblem> problems) {
        public boolean clean() {
            return problems.isEmpty();
        }
    }

    private final LabLoader loader;
    private final LearnerPolicy policy;

    public LabLint(GuideLibrary guides, LearnerPolicy policy) {
        this.loader = new LabLoader(guides);
        this.policy = policy;
    }

    /** Lints a lab folder, or every lab folder inside a labs folder. */
    public List<Result> lintAll(Path path) {
        if (Files.isRegularFile(path.resolve("lab.yaml")) || !Files.isDirectory(path)) {
            return List.of(lint(path));
        }
        try (Stream<Path> dirs = Files.list(path)) {
            return dirs.filter(Files::isDirectory).sorted().map(this::lint).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Result lint(Path folder) {
        String name = folder.getFileName() + "/";
        if (!Files.isDirectory(folder)) {
            return new Result(folder, Optional.empty(), List.of(new LabProblem(folder.toString(), 0, 0,
                    "is not a lab folder (no such directory)")));
        }
        LabLoader.Inspection inspection = loader.inspect(folder);
        List<LabProblem> problems = new ArrayList<>(inspection.problems());
        Lab lab = inspection.lab();
        if (lab != null) {
            DomainPolicy domain = policy.forLab(lab.policy()).domain();
            for (LabGuest guest : lab.guests()) {
                problems.addAll(policyProblems(domain, name + guest.domainFile(), guest));
            }
            for (LabStep step : lab.steps()) {
                for (Markdown.Finding f : Markdown.unsafeParts(step.markdown())) {
                    problems.add(new LabProblem(name + step.textFile(), f.line(), 1, f.message()));
                }
            }
        }
        return new Result(folder, Optional.ofNullable(problems.isEmpty() ? lab : null), problems);
    }

    /**
     * The starting XML judged exactly as a learner's Apply would be in this lab (with its grants and denials),
     * against what the platform builds from it.
     */
    private static List<LabProblem> policyProblems(DomainPolicy policy, String file, LabGuest guest) {
        try {
            DomainBlueprint.Spec spec = new DomainBlueprint.Spec("kvmlab-lint-" + guest.name(),
                    new GuestMetadata("lint", "00000000-0000-0000-0000-000000000000", "lint", guest.name(),
                            Instant.EPOCH), Acceleration.TCG, new GuestImage(Path.of("/kvmlab/lint/image")),
                    diskPaths(guest), "kvmlab-00000000-0000-0000-0000-000000000000-net",
                    guest.platformAgentChannel());
            Document built = DomainBlueprint.buildDocument(guest.domainXml(), spec);
            Document platform = DomainBlueprint.buildDocument(guest.domainXml(), spec);
            List<LabProblem> problems = new ArrayList<>();
            for (PolicyViolation v : policy.judgeStandalone(built, platform,
                    new GuestLimits(guest.maxMemoryMiB(), guest.maxVcpus()))) {
                problems.add(new LabProblem(file, v.line() == null ? 0 : v.line(), v.column() == null ? 0 : v.column(),
                        "the policy would refuse this starting XML: " + v.message()));
            }
            return problems;
        } catch (XmlException e) {
            return List.of(new LabProblem(file, 0, 0, "cannot be checked against the policy: " + e.getMessage()));
        }
    }

    private static List<String> diskPaths(LabGuest guest) throws XmlException {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < DomainBlueprint.diskCount(guest.domainXml()); i++) {
            paths.add("/kvmlab/lint/disks/" + guest.name() + "-disk" + i + ".qcow2");
        }
        return paths;
    }
}
