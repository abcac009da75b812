package org.kvmlab.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kvmlab.catalog.Lab;
import org.kvmlab.guest.XmlView;
import org.kvmlab.session.LabRuntime;
import org.kvmlab.shell.ShellResult;
import org.kvmlab.shell.VirshShell;
import org.kvmlab.testing.Labs;
import org.kvmlab.testing.TestDriverRuntime;

/**
 * The API-path corpus ({@code policy/api-paths.yaml}): every virsh command line is refused by kvmlab's shell on
 * libvirt's test driver without changing anything, and every snapshot, volume and network XML is refused by its
 * policy naming the element, each for the reason the case gives.
 */
class ApiPathsCorpusTest {

    static final ApiPathCase.Corpus CORPUS = ApiPathCase.load();

    @TempDir
    static Path work;
    static TestDriverRuntime driver;
    static VirshShell shell;
    static Lab lab;
    static final String SESSION = UUID.randomUUID().toString();

    @BeforeAll
    static void startSession() throws Exception {
        driver = TestDriverRuntime.open(work, "apipaths");
        lab = Labs.lab("virtio-devices");
        driver.runtime().provision(SESSION, lab, Instant.parse("2030-01-01T00:00:00Z"));
        shell = new VirshShell(driver.runtime());
    }

    @AfterAll
    static void endSession() {
        driver.runtime().teardown(SESSION);
        driver.close();
    }

    static Stream<ApiPathCase> cases(ApiPathCase.Kind kind) {
        return CORPUS.cases().stream().filter(c -> c.kind() == kind);
    }

    static Stream<ApiPathCase> shellCases() {
        return cases(ApiPathCase.Kind.shell);
    }

    static Stream<ApiPathCase> snapshotCases() {
        return cases(ApiPathCase.Kind.snapshot);
    }

    static Stream<ApiPathCase> volumeCases() {
        return cases(ApiPathCase.Kind.volume);
    }

    static Stream<ApiPathCase> networkCases() {
        return cases(ApiPathCase.Kind.network);
    }

    @Test
    void everyCaseSaysWhatMustBeRefusedAndWhy() {
        assertThat(CORPUS.cases()).extracting(ApiPathCase::name).doesNotHaveDuplicates();
        assertThat(CORPUS.cases()).allSatisfy(c -> {
            assertThat(c.kind()).as(c.name()).isNotNull();
            assertThat(c.reason()).as(c.name()).isNotBlank();
            assertThat(c.input()).as(c.name()).isNotBlank();
            if (c.kind() == ApiPathCase.Kind.shell) {
                assertThat(c.outcome()).as(c.name()).isNotNull();
                assertThat(c.gap() != null).as(c.name() + ": a gap is written down exactly for unflagged cases")
                        .isEqualTo(c.outcome() == ApiPathCase.Outcome.unflagged);
                assertThat(c.says()).as(c.name() + ": a shell case names what the output must say").isNotBlank();
            } else {
                assertThat(c.outcome()).as(c.name() + ": outcome is for shell cases").isNull();
                assertThat(c.element()).as(c.name() + ": an XML case names the refused element").isNotBlank();
            }
        });
        for (ApiPathCase.Kind kind : ApiPathCase.Kind.values()) {
            assertThat(cases(kind)).as("cases of kind " + kind).isNotEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shellCases")
    void shellRefusesTheCommand(ApiPathCase c) {
        String guest = LabRuntime.platformName(SESSION, "web01");
        String before = driver.hypervisor().xml(guest, XmlView.INACTIVE);

        ShellResult result = shell.run(new VirshShell.Scope(SESSION, lab), c.input());

        assertThat(result.exitCode()).as("%s (%s): %s", c.name(), c.reason(), result.output()).isEqualTo(1);
        assertThat(result.output()).as(c.name()).startsWith("error: ").contains(c.says())
                .doesNotContain("Exception").doesNotContain("\tat ");
        switch (c.outcome()) {
            case refused -> assertThat(result.refusal()).as("%s is recorded as a policy refusal", c.name())
                    .isPresent();
            case unknown -> assertThat(result.output()).as(c.name()).containsAnyOf("error: unknown command: ",
                    "doesn't support option --");
            case unflagged -> assertThat(result.refusal()).as("%s is now flagged as a policy refusal: make the case"
                    + " 'outcome: refused' and drop its gap", c.name()).isEmpty();
        }
        assertThat(driver.hypervisor().xml(guest, XmlView.INACTIVE)).as(c.name()).isEqualTo(before);
        assertThat(driver.runtime().learnerVolumes(SESSION)).as(c.name()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("snapshotCases")
    void snapshotPolicyRefusesTheXml(ApiPathCase c) {
        PolicyRefusal refusal = catchThrowableOfType(PolicyRefusal.class, () -> LearnerPolicy.standard().snapshot()
                .admit(c.input(), Set.copyOf(CORPUS.snapshotDisks())));
        assertNamed(c, refusal);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("volumeCases")
    void volumePolicyRefusesTheXml(ApiPathCase c) {
        PolicyRefusal refusal = catchThrowableOfType(PolicyRefusal.class,
                () -> LearnerPolicy.standard().volume().admit(c.input()));
        assertNamed(c, refusal);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networkCases")
    void networkPolicyRefusesTheXml(ApiPathCase c) {
        PolicyRefusal refusal = catchThrowableOfType(PolicyRefusal.class,
                () -> LearnerPolicy.standard().network().admit(c.input(), CORPUS.currentNetwork()));
        assertNamed(c, refusal);
    }

    private static void assertNamed(ApiPathCase c, PolicyRefusal refusal) {
        assertThat(refusal).as("%s must be refused (%s)", c.name(), c.reason()).isNotNull();
        List<PolicyViolation> named = refusal.violations().stream()
                .filter(v -> v.element().equals(c.element())).toList();
        assertThat(named).as("%s: the refusal names %s (it named %s)", c.name(), c.element(),
                refusal.violations().stream().map(PolicyViolation::element).toList()).isNotEmpty();
        assertThat(named).allSatisfy(v -> {
            assertThat(v.message()).isNotBlank();
            assertThat(v.line()).as("%s points into the learner's text", c.name()).isNotNull().isPositive();
        });
        if (c.says() != null) {
            assertThat(named).extracting(PolicyViolation::message).as(c.name())
                    .anySatisfy(m -> assertThat(m).contains(c.says()));
        }
    }
}
