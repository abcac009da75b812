package org.kvmlab.authoring;

import java.util.ArrayList;
import java.util.List;
import org.kvmlab.selftest.SelfTestReport;

/** A self-test running (or finished) in the background: its progress lines and, at the end, its report. */
public final class SelfTestRun {

    private final List<String> lines = new ArrayList<>();
    private volatile SelfTestReport report;

    synchronized void say(String line) {
        lines.add(line);
    }

    /** Adds the closing line; the run is not finished until {@link #finish} (after the result is stored). */
    void conclude(SelfTestReport result) {
        say((result.passed() ? "PASSED" : "FAILED") + " in " + result.wallTime().toSeconds() + " s");
    }

    /** From now on the page shows the run as finished, so its stored result must already be there. */
    void finish(SelfTestReport result) {
        report = result;
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    public boolean finished() {
        return report != null;
    }

    public SelfTestReport report() {
        return report;
    }

    /** Progress and the per-check table, as stored with the version. */
    synchronized String log(SelfTestReport result) {
        return String.join("\n", lines) + "\n\n" + result.table();
    }
}
