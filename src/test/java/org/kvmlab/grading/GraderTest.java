package org.kvmlab.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmlab.catalog.Lab;
import org.kvmlab.catalog.LabLoader;
import org.kvmlab.grading.CheckOutcome.Status;
import org.kvmlab.guest.Hypervisor;
import org.kvmlab.guest.XmlView;
import org.kvmlab.session.LabRuntime;
import org.kvmlab.testing.Labs;
import org.kvmlab.testing.TestDriverRuntime;

/**
 * Every kind of check on one guest of libvirt's test driver, with the verdict each must give, and proof that
 * a grading pass changes nothing: definition, live XML, state, autostart, snapshots, disks.
 */
class GraderTest {

    @TempDir
    Path work;
    Hypervisor hypervisor;
    LabRuntime runtime;
    Lab lab;
    final String session = UUID.randomUUID().toString();

    @BeforeEach
    void setUp() throws Exception {
        TestDriverRuntime driver = TestDriverRuntime.open(work, "grader01");
        hypervisor = driver.hypervisor();
        runtime = driver.runtime();
        lab = new LabLoader(Labs.guides()).load(Path.of("src/test/resources/check-catalog/catalog-lab"));
        runtime.provision(session, lab, Instant.parse("2030-01-01T00:00:00Z"));
    }

    @AfterEach
    void tearDown() {
        runtime.teardown(session);
        hypervisor.close();
    }

    private Map<String, CheckOutcome> grade() {
        Map<String, CheckOutcome> byId = new LinkedHashMap<>();
        runtime.grade(session, lab.steps()).checks().forEach(o -> byId.put(o.checkId(), o));
        return byId;
    }

    @Test
    void everyProbeKindGivesItsVerdict() {
        Map<String, CheckOutcome> o = grade();
        Map<String, Status> expected = new LinkedHashMap<>();
        for (String passing : new String[] {"xpath-pass", "xpath-live", "secure-sees-password", "count-pass",
            "compare-host", "state-running", "autostart-off", "no-snapshots", "volume-qcow2", "pool-dir",
            "network-lab", "all-pass", "any-pass", "not-pass", "any-beats-unavailable"}) {
            expected.put(passing, Status.PASSED);
        }
        for (String failing : new String[] {"xpath-fail", "plain-hides-password", "count-fail", "compare-fail",
            "state-off", "snapshot-s1", "volume-by-disk", "all-fail"}) {
            expected.put(failing, Status.FAILED);
        }
        for (String unavailable : new String[] {"agent-exec", "agent-info", "stats-cpu", "all-unavailable",
            "not-unavailable"}) {
            expected.put(unavailable, Status.UNAVAILABLE);
        }
        assertThat(expected.keySet()).containsExactlyInAnyOrderElementsOf(o.keySet());
        expected.forEach((id, status) -> assertThat(o.get(id).status()).as(id + ": " + o.get(id).message())
                .isEqualTo(status));
    }

    @Test
    void failuresSayWhatWasFound() {
        Map<String, CheckOutcome> o = grade();
        assertThat(o.get("count-fail").message()).isEqualTo("count-fail failed. (found 1)");
        assertThat(o.get("compare-fail").message()).isEqualTo("compare-fail failed. (2 > 5 does not hold)");
        assertThat(o.get("state-off").message()).isEqualTo("state-off failed. (it is running)");
        assertThat(o.get("snapshot-s1").message()).contains("there is no snapshot named 's1'");
        assertThat(o.get("agent-exec").message()).contains("demo mode");
        assertThat(o.get("xpath-pass").message()).isEmpty();
        assertThat(o.get("xpath-pass").earned()).isEqualTo(1);
        assertThat(o.get("xpath-fail").earned()).isZero();
    }

    @Test
    void snapshotChecksSeeASnapshotTaken() {
        runtime.snapshot(session, lab, "vm1", "s1", "before the change");
        Map<String, CheckOutcome> o = grade();
        assertThat(o.get("snapshot-s1").status()).as(o.get("snapshot-s1").message()).isEqualTo(Status.PASSED);
        assertThat(o.get("no-snapshots").status()).isEqualTo(Status.FAILED);
        assertThat(o.get("no-snapshots").message()).contains("the guest has 1 snapshot");
    }

    @Test
    void gradingChangesNothing() {
        runtime.snapshot(session, lab, "vm1", "s1", "");
        String name = LabRuntime.platformName(session, "vm1");
        String inactive = hypervisor.xml(name, XmlView.INACTIVE);
        String secure = hypervisor.xml(name, XmlView.INACTIVE_SECURE);
        String live = hypervisor.xml(name, XmlView.LIVE);
        var state = hypervisor.state(name);
        boolean autostart = hypervisor.autostart(name);
        var snapshots = hypervisor.snapshots(name);
        var volumes = hypervisor.listVolumes(runtime.pool(), "");

        for (int i = 0; i < 3; i++) {
            grade();
        }

        assertThat(hypervisor.xml(name, XmlView.INACTIVE)).isEqualTo(inactive);
        assertThat(hypervisor.xml(name, XmlView.INACTIVE_SECURE)).isEqualTo(secure);
        assertThat(hypervisor.xml(name, XmlView.LIVE)).isEqualTo(live);
        assertThat(hypervisor.state(name)).isEqualTo(state);
        assertThat(hypervisor.autostart(name)).isEqualTo(autostart);
        assertThat(hypervisor.snapshots(name)).isEqualTo(snapshots);
        assertThat(hypervisor.listVolumes(runtime.pool(), "")).isEqualTo(volumes);
    }
}
