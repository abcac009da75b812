package org.kvmlab.tools;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.kvmlab.catalog.LabCheck;
import org.kvmlab.catalog.LabStep;
import org.kvmlab.grading.CheckOutcome;
import org.kvmlab.grading.GradeReport;
import org.kvmlab.guest.XmlView;
import org.kvmlab.session.LabRuntime;

/**
 * Grading latency: the server-side {@link LabRuntime#grade} call for one step of 10 checks, timed many times on
 * a running guest. Two steps, built here rather than in a lab folder so that lint and the catalog never see them:
 * one of 10 XPath checks on the stored domain XML, and one like a real lab step, 7 XPath checks and 3 commands
 * run in the guest through its agent. The checks need not pass; a check that could not look (agent not up)
 * would time nothing real, so that is an error.
 */
final class GradingBench {

    private static final int WARM_UP = 3;
    private static final List<String> XPATHS = List.of(
            "count(/domain/devices/disk[@device='disk'][not(driver/@type='qcow2')])=0",
            "count(/domain/devices/disk[@device='disk'][target/@bus!='virtio'])=0",
            "count(/domain/devices/interface[not(model/@type='virtio')])=0",
            "count(/domain/devices/sound)=0",
            "count(/domain/devices/input[@bus='usb'])=0",
            "count(/domain/devices/video/model[@type='cirrus'])=0",
            "/domain/memory >= 131072",
            "/domain/vcpu >= 1",
            "/domain/on_crash='destroy'",
            "count(/domain/devices/channel[target/@name='org.qemu.guest_agent.0'])=1");
    private static final List<List<String>> AGENT_COMMANDS = List.of(
            List.of("/bin/sh", "-c", "readlink /sys/block/*/device/driver"),
            List.of("/bin/sh", "-c", "grep MemTotal /proc/meminfo"),
            List.of("/bin/sh", "-c", "cat /proc/uptime"));

    private final LabRuntime runtime;

    GradingBench(LabRuntime runtime) {
        this.runtime = runtime;
    }

    /** 10 XPath checks on the guest's stored XML. */
    static LabStep xpathStep(String guest) {
        List<LabCheck> checks = new ArrayList<>();
        for (int i = 0; i < XPATHS.size(); i++) {
            checks.add(check("xpath-" + i, guest, new LabCheck.XPathProbe(XPATHS.get(i), XmlView.INACTIVE)));
        }
        return step("bench-xpath", checks);
    }

    /** 7 XPath checks and 3 commands in the guest, through its agent. */
    static LabStep agentStep(String guest) {
        List<LabCheck> checks = new ArrayList<>(xpathStep(guest).checks().subList(0, XPATHS.size()
                - AGENT_COMMANDS.size()));
        for (int i = 0; i < AGENT_COMMANDS.size(); i++) {
            checks.add(check("agent-" + i, guest, new LabCheck.AgentExecProbe(AGENT_COMMANDS.get(i), 0,
                    Pattern.compile("."))));
        }
        return step("bench-agent", checks);
    }

    /** Grades the step {@code times} times (after a few untimed warm-up runs) on the session's guest. */
    List<Duration> time(String session, LabStep step, int times) {
        List<Duration> samples = new ArrayList<>();
        for (int i = 0; i < WARM_UP + times; i++) {
            Duration took = once(session, step);
            if (i >= WARM_UP) {
                samples.add(took);
            }
        }
        return samples;
    }

    /** One timed grading of the step. */
    Duration once(String session, LabStep step) {
        long started = System.nanoTime();
        GradeReport report = runtime.grade(session, List.of(step));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        unavailable(report).ifPresent(o -> {
            throw new IllegalStateException("grading: check " + o.checkId() + " could not look: " + o.message());
        });
        return took;
    }

    private static Optional<CheckOutcome> unavailable(GradeReport report) {
        return report.checks().stream().filter(o -> o.status() == CheckOutcome.Status.UNAVAILABLE).findFirst();
    }

    private static LabCheck check(String id, String guest, LabCheck.Probe probe) {
        return new LabCheck(id, id, guest, 1, "bench check " + id + " fails", "", List.of(), Optional.empty(), probe);
    }

    private static LabStep step(String id, List<LabCheck> checks) {
        return new LabStep(id, id, "", List.of(), checks, List.of(), "");
    }
}
