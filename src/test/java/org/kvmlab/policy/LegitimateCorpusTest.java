package org.kvmlab.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kvmlab.catalog.Lab;
import org.kvmlab.catalog.LabCheck;
import org.kvmlab.catalog.LabCheck.LibvirtObject;
import org.kvmlab.catalog.LabGuest;
import org.kvmlab.catalog.LabStep;
import org.kvmlab.catalog.SolutionOperation;
import org.kvmlab.catalog.XmlEdit;
import org.kvmlab.session.LabRuntime;
import org.kvmlab.testing.Labs;
import org.kvmlab.testing.TestDriverRuntime;
import org.kvmlab.xml.Xml;
import org.w3c.dom.Document;

/**
 * The legitimate corpus: best-practice XML a learner is taught to write must pass the policy. Every practice an
 * available lab grades on the learner's domain XML has a case in {@code accepted.yaml}, and every case is held to
 * the labs' own checks of the practices it claims; practices graded elsewhere are listed in
 * {@code practice-evidence.yaml}; network and volume practices have cases in {@code accepted-objects.yaml}. And
 * each available lab's reference solution, applied step by step as a learner would in the editor (on libvirt's
 * test driver, so libvirt's canonical form is judged again), is admitted by that lab's policy and passes the lab's
 * checks on the stored XML.
 */
class LegitimateCorpusTest {

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    static final String CANONICAL = PolicyCase.resource("/policy/web01-canonical.xml");
    static final List<PolicyCase> ACCEPTED = PolicyCase.load("/policy/accepted.yaml");
    static final ObjectCases OBJECTS = read("/policy/accepted-objects.yaml", ObjectCases.class);
    static final Evidence EVIDENCE = read("/policy/practice-evidence.yaml", Evidence.class);
    static final List<Lab> LABS = Labs.catalog().all();
    static final PracticeChecks CHECKS = new PracticeChecks(LABS);

    /** One legitimate network, volume or snapshot XML. */
    record ObjectCase(String name, Kind kind, List<Integer> practices, String reason, String input) {
        enum Kind { network, volume, snapshot }

        @Override
        public String toString() {
            return name;
        }
    }

    record ObjectCases(String currentNetwork, List<String> snapshotDisks, List<ObjectCase> cases) {
    }

    /** A practice graded by the labs on something other than the learner's domain XML. */
    record Elsewhere(int practice, String evidence, String why) {
    }

    record Evidence(List<Elsewhere> practices) {
    }

    static <T> T read(String resource, Class<T> type) {
        try (InputStream in = LegitimateCorpusTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return YAML.readValue(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<PolicyCase> practiceCases() {
        return ACCEPTED.stream().filter(c -> !c.practiceNumbers().isEmpty());
    }

    static Stream<ObjectCase> objectCases() {
        return OBJECTS.cases().stream();
    }

    static Stream<Lab> availableLabs() {
        return LABS.stream().filter(Lab::available);
    }

    @Test
    void everyCaseSaysWhichPracticesItShows() {
        assertThat(ACCEPTED).allSatisfy(c -> assertThat(c.practices())
                .as("%s: say 'practices: []' when a case shows no graded practice", c.name()).isNotNull());
        assertThat(OBJECTS.cases()).allSatisfy(c -> {
            assertThat(c.practices()).as(c.name()).isNotNull();
            assertThat(c.reason()).as(c.name()).isNotBlank();
        });
        assertThat(OBJECTS.cases()).extracting(ObjectCase::name).doesNotHaveDuplicates();
        assertThat(LABS.stream().filter(Lab::available)).as("the labs load").hasSizeGreaterThanOrEqualTo(9);
    }

    @Test
    void everyPracticeGradedOnTheLearnersXmlHasAnAcceptedCase() {
        Map<Integer, List<String>> shownBy = new TreeMap<>();
        ACCEPTED.forEach(c -> c.practiceNumbers().forEach(p -> shownBy.computeIfAbsent(p, k -> new ArrayList<>())
                .add(c.name())));
        Set<Integer> needed = CHECKS.gradedOnLearnerXml();

        assertThat(needed).as("practices graded on the learner's domain XML without an accepted case")
                .allSatisfy(p -> assertThat(shownBy).containsKey(p));
        assertThat(shownBy.keySet()).as("practices claimed by accepted cases that no lab grades on the domain XML"
                + " (their claim could not be checked)").isSubsetOf(needed);
        System.out.printf("legitimate corpus: %d domain cases (%d tagged), %d network/volume/snapshot cases; "
                + "practices graded on the learner's domain XML: %s, each shown by: %s%n", ACCEPTED.size(),
                practiceCases().count(), OBJECTS.cases().size(), needed, shownBy);
    }

    @Test
    void practicesGradedElsewhereAreListedWithTheReason() {
        Set<Integer> elsewhere = new TreeSet<>(CHECKS.graded());
        elsewhere.removeAll(CHECKS.gradedOnLearnerXml());
        Set<Integer> listed = EVIDENCE.practices().stream().map(Elsewhere::practice)
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(listed).as("practice-evidence.yaml lists exactly the practices the available labs grade, but"
                + " not on the learner's domain XML").isEqualTo(elsewhere);
        assertThat(EVIDENCE.practices()).extracting(Elsewhere::practice).doesNotHaveDuplicates();
        assertThat(EVIDENCE.practices()).allSatisfy(e -> {
            assertThat(e.evidence()).as("practice %d", e.practice()).isNotBlank();
            assertThat(e.why()).as("practice %d", e.practice()).isNotBlank();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("practiceCases")
    void anAcceptedCasePassesTheLabsChecksOfItsPractices(PolicyCase c) throws Exception {
        Document admitted = Xml.parse(c.policy().admit(c.learner(CANONICAL), c.current(CANONICAL),
                c.guestLimits()));
        for (int practice : c.practiceNumbers()) {
            List<PracticeChecks.Graded> checks = CHECKS.learnerXml(practice);
            assertThat(checks).as("%s claims practice %d, which no lab grades on the domain XML", c.name(), practice)
                    .isNotEmpty();
            for (PracticeChecks.Graded g : checks) {
                assertThat(PracticeChecks.passes(g.check().probe(), admitted))
                        .as("%s claims practice %d, but the lab check %s fails on it", c.name(), practice, g)
                        .isTrue();
            }
        }
    }

    @Test
    void everyNetworkAndVolumePracticeHasAnAcceptedObjectCase() {
        for (LibvirtObject object : List.of(LibvirtObject.NETWORK, LibvirtObject.VOLUME)) {
            ObjectCase.Kind kind = ObjectCase.Kind.valueOf(object.name().toLowerCase());
            for (int practice : CHECKS.gradedOn(object)) {
                assertThat(OBJECTS.cases()).as("an accepted %s case for practice %d", kind, practice)
                        .anySatisfy(c -> {
                            assertThat(c.kind()).isEqualTo(kind);
                            assertThat(c.practices()).contains(practice);
                        });
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("objectCases")
    void anAcceptedObjectIsAdmittedAndPassesTheLabsChecks(ObjectCase c) throws Exception {
        LearnerPolicy policy = LearnerPolicy.standard();
        Document evidence = switch (c.kind()) {
            case network -> {
                String admitted = policy.network().admit(c.input(), OBJECTS.currentNetwork());
                assertThat(policy.network().recheck(admitted, OBJECTS.currentNetwork())).as(c.name()).isEmpty();
                yield Xml.parse(admitted);
            }
            case volume -> {
                VolumePolicy.Volume volume = policy.volume().admit(c.input());
                assertThat(volume.name()).as(c.name()).isNotBlank();
                yield Xml.parse(c.input());
            }
            case snapshot -> {
                SnapshotPolicy.Snapshot snapshot = policy.snapshot().admit(c.input(),
                        Set.copyOf(OBJECTS.snapshotDisks()));
                assertThat(snapshot.name()).as(c.name()).isNotBlank();
                yield null;
            }
        };
        for (int practice : c.practices()) {
            LibvirtObject object = LibvirtObject.valueOf(c.kind().name().toUpperCase());
            List<LabCheck.ObjectProbe> checks = CHECKS.objectChecks(practice, object);
            assertThat(checks).as("%s claims practice %d, which no lab grades on %s XML", c.name(), practice,
                    c.kind()).isNotEmpty();
            for (LabCheck.ObjectProbe probe : checks) {
                assertThat(PracticeChecks.passes(probe, evidence)).as("%s: %s", c.name(), probe.expression())
                        .isTrue();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("availableLabs")
    void aLabsReferenceSolutionIsAdmittedAndPassesItsXmlChecks(Lab lab, @TempDir Path work) throws Exception {
        String session = UUID.randomUUID().toString();
        try (TestDriverRuntime driver = TestDriverRuntime.open(work, "legit")) {
            LabRuntime runtime = driver.runtime();
            runtime.provision(session, lab, Instant.parse("2030-01-01T00:00:00Z"));
            for (LabStep step : lab.steps()) {
                // the step's XML edits, as a learner applies them in the editor: policy, define, re-check
                for (SolutionOperation op : step.solution()) {
                    if (op instanceof SolutionOperation.EditXml edit) {
                        LabGuest guest = lab.guest(edit.guest()).orElseThrow();
                        Document doc = Xml.parse(runtime.inactiveXml(session, guest.name()));
                        for (XmlEdit change : edit.edits()) {
                            change.applyTo(doc);
                        }
                        runtime.applyXml(session, lab, guest, Xml.toString(doc));
                    }
                }
            }
            for (LabCheck check : PracticeChecks.learnerXmlChecks(lab)) {
                Document solved = Xml.parse(driver.hypervisor().xml(LabRuntime.platformName(session, check.guest()),
                        PracticeChecks.view(check.probe())));
                assertThat(PracticeChecks.passes(check.probe(), solved))
                        .as("%s: check %s after the reference solution", lab.id(), check.id()).isTrue();
            }
            runtime.teardown(session);
        }
    }
}
