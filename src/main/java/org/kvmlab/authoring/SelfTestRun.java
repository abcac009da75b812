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

    void finish(SelfTestReport result) {
        synchronized (this) {
            lines.add((result.passed() ? "PASSED" : "FAILED") + " in " + result.wallTime().toSeconds() + " s");
        }
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
    synchronized String log() {
        return String.join("\n", lines) + (report == null ? "" : "\n\n" + report.table());
    }
}
