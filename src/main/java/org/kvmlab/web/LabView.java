package org.kvmlab.web;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.kvmlab.catalog.Lab;
import org.kvmlab.catalog.LabStep;
import org.kvmlab.grading.CheckOutcome;
import org.kvmlab.grading.GradeReport;
import org.kvmlab.grading.GradingAttempt;
import org.kvmlab.guide.Markdown;
import org.kvmlab.policy.PolicyRefusal;
import org.kvmlab.policy.PolicyViolation;
import org.kvmlab.session.ApplyResult;
import org.kvmlab.session.ContinuousChecks;
import org.kvmlab.session.PowerAction;
import org.kvmlab.session.SessionException;
import org.kvmlab.session.SessionService;
import org.kvmlab.session.SessionView;
import org.kvmlab.session.WorkspaceService;
import org.kvmlab.shell.ShellResult;
import org.kvmlab.shell.ShellService;
import org.primefaces.PrimeFaces;
import org.primefaces.model.terminal.TerminalAutoCompleteModel;
import org.primefaces.model.terminal.TerminalCommand;
import org.kvmlab.xml.XmlDiff;
import org.kvmlab.xml.XmlException;

/**
 * The lab workspace: step instructions, the guest's state and power buttons, its domain XML in an editor,
 * and Check. Holds no rules: every action goes to {@link SessionService}, which only finds the caller's own
 * sessions.
 */
@Named
@ViewScoped
public class LabView implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    transient SessionService sessions;

    @Inject
    transient ShellService shell;

    @Inject
    transient WorkspaceService workspace;

    @Inject
    transient ContinuousChecks continuousChecks;

    private String sessionId;
    private String guest;
    private String xml;
    private int activeStep;
    private boolean notFound;
    private String problemLines = "";
    private String problems = "[]";
    private List<String> diff = List.of();
    private String diffTitle = "";
    private transient ContinuousChecks.Latest preview;
    private String snapshotXml = SNAPSHOT_TEMPLATE;
    private List<String> snapshotErrors = List.of();
    private String snapshotProblems = "[]";
    private transient List<org.kvmlab.session.SnapshotView> snapshotList;
    private String networkXml;
    private List<String> networkErrors = List.of();
    private String networkProblems = "[]";

    /** What the snapshot editor starts with: the parts a learner may write, filled in. */
    static final String SNAPSHOT_TEMPLATE = """
            <domainsnapshot>
              <name>before-change</name>
              <description>The guest as it was before my change</description>
              <!-- optional: <memory snapshot='internal'/> (running guest) or 'no' (shut-off guest) -->
              <!-- optional: <disks><disk name='vda' snapshot='internal'/></disks> -->
            </domainsnapshot>
            """;
    private transient SessionView session;
    private transient Lab lab;
    private transient GradeReport report;
    private transient List<String> applyErrors;
    private transient List<GradingAttempt> attempts;

    /** Runs when the page opens (f:viewAction). */
    public void open() {
        try {
            session = sessions.get(Pages.caller(), sessionId);
            lab = sessions.labOf(Pages.caller(), sessionId);
            guest = lab.guests().get(0).name();
            activeStep = Math.min(session.currentStep(), Math.max(0, lab.steps().size() - 1));
            if (session.live() && !session.waiting()) {
                xml = workspace.xml(Pages.caller(), sessionId, guest);
            }
        } catch (SessionException e) {
            notFound = true;
        }
    }

    /**
     * The virsh terminal's command handler. PrimeFaces hands over the line split at blanks; joined again, the
     * shell splits it properly (quotes and escapes). After {@code edit}, the editor shows the stored XML.
     */
    public String shell(String command, String[] params) {
        String line = command + (params == null || params.length == 0 ? "" : " " + String.join(" ", params));
        try {
            ShellResult result = shell.run(Pages.caller(), sessionId, line);
            if (line.startsWith("snapshot-")) {
                snapshotList = null;
                PrimeFaces.current().ajax().update("lab:snapshotPanel");
            }
            if (result.editNetwork()) {
                networkXml = null;
                PrimeFaces.current().ajax().update("lab:networkPanel");
            }
            if (result.edit().isPresent()) {
                guest = result.edit().get();
                reloadXml();
                PrimeFaces.current().ajax().update("lab:editorPanel");
            }
            return result.output();
        } catch (SessionException e) {
            return "error: " + e.getMessage();
        }
    }

    /** Tab completion of the terminal: commands, then the learner's guest names and pool. */
    public TerminalAutoCompleteModel getShellCompletion() {
        TerminalAutoCompleteModel model = new TerminalAutoCompleteModel();
        if (lab == null) {
            return model;
        }
        List<String> names;
        try {
            names = shell.complete(Pages.caller(), sessionId, "list ");
        } catch (SessionException e) {
            names = lab.guests().stream().map(g -> g.name()).toList();
        }
        for (String command : shell.commandNames()) {
            TerminalCommand c = model.addCommand(command);
            names.forEach(c::addArgument);
        }
        return model;
    }

    public SessionView getSession() {
        if (session == null && !notFound) {
            session = sessions.get(Pages.caller(), sessionId);
        }
        return session;
    }

    public Lab getLab() {
        if (lab == null && !notFound) {
            lab = sessions.labOf(Pages.caller(), sessionId);
        }
        return lab;
    }

    public String html(LabStep step) {
        return Markdown.toHtml(step.markdown());
    }

    /** The learner guest's virsh state word. */
    public String getGuestState() {
        return getSession().guests().stream().filter(g -> g.name().equals(guest)).findFirst()
                .map(SessionView.GuestView::state).orElse("unknown");
    }

    /** The page's poll: the guest's state, and for labs with continuous checking the newest background result. */
    /** Whether the session's guests are ready to work with (live, and no longer queued or booting). */
    public boolean isReady() {
        SessionView s = getSession();
        return s != null && s.live() && !s.waiting();
    }

    /** "2nd" for a session second in line. */
    public String getPlaceInLine() {
        return Waiting.ordinal(getSession().queuePosition());
    }

    /** "about 8 s" (or "any moment now"), from the estimate the boot queue gives. */
    public String getWaitingText() {
        return Waiting.estimate(getSession().estimatedReadyAt(), java.time.Instant.now());
    }

    /** The waiting card's poll: once the guest is ready (or the start failed), the page opens afresh. */
    public void waitForGuest() {
        session = null;
        SessionView now = getSession();
        if (now == null || !now.waiting()) {
            Pages.redirect("/lab.xhtml?s=" + sessionId);
        }
    }

    public void refresh() {
        session = null;
        if (getLab() != null && getLab().workspace().continuousChecking()) {
            try {
                preview = continuousChecks.poll(Pages.caller(), sessionId, currentStepId()).orElse(null);
            } catch (SessionException e) {
                preview = null;
            }
        }
    }

    private String currentStepId() {
        return getLab().steps().get(Math.min(activeStep, getLab().steps().size() - 1)).id();
    }

    /** The newest background result for the current step, or null while none has come yet. */
    public ContinuousChecks.Latest getPreview() {
        return preview != null && preview.stepId().equals(currentStepId()) ? preview : null;
    }

    public void apply() {
        applyErrors = new ArrayList<>();
        problemLines = "";
        problems = "[]";
        diff = List.of();
        String before = null;
        try {
            before = workspace.xml(Pages.caller(), sessionId, guest);
            ApplyResult result = workspace.applyXml(Pages.caller(), sessionId, guest, xml);
            if (!result.changed()) {
                Pages.info("Applied. Nothing changed in the definition.");
            } else if (result.restartNeeded()) {
                Pages.warn("Saved. The guest is running with its old configuration: press Power cycle (or Shut"
                        + " down, then Start) for the change to take effect.");
            } else {
                Pages.info("Saved. The change takes effect when the guest starts.");
            }
            xml = workspace.xml(Pages.caller(), sessionId, guest);
            showDiff("What Apply changed in the stored definition", before, xml);
        } catch (XmlException e) {
            applyErrors.add("The XML is malformed: " + e.describe() + ". Nothing was changed.");
            problems = malformedProblems(e);
            if (e.position() != null) {
                problemLines = Integer.toString(e.position().line());
            }
        } catch (PolicyRefusal e) {
            applyErrors.addAll(refusalLines(e));
            problemLines = e.violations().stream().filter(v -> v.line() != null).map(v -> v.line().toString())
                    .distinct().collect(Collectors.joining(","));
            problems = problemsJson(e.violations());
            showDiff("What you asked to change (not applied)", before, xml);
            Pages.error("Not applied: " + e.violations().size() + " problem(s), marked in the editor and listed"
                    + " below. Nothing was changed.");
        } catch (SessionException e) {
            Pages.error(e.getMessage());
        }
        session = null;
    }

    private void showDiff(String title, String before, String after) {
        if (before != null && after != null) {
            diff = XmlDiff.unified(before, after);
            diffTitle = title;
        }
    }

    /** Where malformed XML breaks, as the editor marks it ({@code []} when the parser gave no place). */
    private static String malformedProblems(XmlException e) {
        return e.position() == null ? "[]" : problemsJson(List.of(new PolicyViolation("xml", e.describe(),
                e.position().line(), e.position().column())));
    }

    /** Each reason for a refusal as the list under an editor shows it, with its line when it has one. */
    private static List<String> refusalLines(PolicyRefusal e) {
        return e.violations().stream().map(v -> (v.line() == null ? "" : "Line " + v.line() + ": ") + v.message())
                .toList();
    }

    /** The problems with a line, as JSON for the editor's markers: {@code [{"line":3,"message":"…"}]}. */
    private static String problemsJson(List<PolicyViolation> violations) {
        jakarta.json.JsonArrayBuilder array = jakarta.json.Json.createArrayBuilder();
        for (PolicyViolation v : violations) {
            if (v.line() != null) {
                array.add(jakarta.json.Json.createObjectBuilder().add("line", v.line()).add("message", v.message()));
            }
        }
        return array.build().toString();
    }

    /** Takes a snapshot from the snapshot editor's XML. */
    public void createSnapshot() {
        snapshotErrors = new ArrayList<>();
        snapshotProblems = "[]";
        try {
            String name = workspace.createSnapshot(Pages.caller(), sessionId, guest, snapshotXml);
            Pages.info("Snapshot " + name + " taken. Revert to it with: snapshot-revert " + guest + " " + name);
        } catch (XmlException e) {
            snapshotErrors.add("The XML is malformed: " + e.describe() + ". No snapshot was taken.");
            snapshotProblems = malformedProblems(e);
        } catch (PolicyRefusal e) {
            snapshotErrors.addAll(refusalLines(e));
            snapshotProblems = problemsJson(e.violations());
            Pages.error("No snapshot taken: " + e.violations().size() + " problem(s), marked in the editor.");
        } catch (SessionException e) {
            Pages.error(e.getMessage());
        }
        snapshotList = null;
    }

    /** The guest's snapshots, oldest first. */
    public List<org.kvmlab.session.SnapshotView> getSnapshots() {
        if (snapshotList == null) {
            try {
                snapshotList = workspace.snapshots(Pages.caller(), sessionId, guest);
            } catch (SessionException e) {
                snapshotList = List.of();
            }
        }
        return snapshotList;
    }

    /** The session network's XML as defined (what the network editor shows and Apply changes). */
    public String getNetworkXml() {
        if (networkXml == null) {
            try {
                networkXml = workspace.networkXml(Pages.caller(), sessionId, WorkspaceService.NETWORK);
            } catch (SessionException e) {
                networkXml = "";
            }
        }
        return networkXml;
    }

    public void setNetworkXml(String networkXml) {
        this.networkXml = networkXml;
    }

    public List<String> getNetworkErrors() {
        return networkErrors;
    }

    public String getNetworkProblems() {
        return networkProblems;
    }

    /** Applies the network editor's XML to the session's own network (its guests must be shut off). */
    public void applyNetwork() {
        networkErrors = new ArrayList<>();
        networkProblems = "[]";
        try {
            ApplyResult result = workspace.applyNetworkXml(Pages.caller(), sessionId, WorkspaceService.NETWORK,
                    networkXml);
            Pages.info(result.changed() ? "Network saved and restarted. Start your guests again."
                    : "Applied. Nothing changed in the network.");
            networkXml = null;
        } catch (XmlException e) {
            networkErrors.add("The XML is malformed: " + e.describe() + ". Nothing was changed.");
            networkProblems = malformedProblems(e);
        } catch (PolicyRefusal e) {
            networkErrors.addAll(refusalLines(e));
            networkProblems = problemsJson(e.violations());
            Pages.error("Not applied: " + e.violations().size() + " problem(s), marked in the editor. Nothing was"
                    + " changed.");
        } catch (SessionException e) {
            Pages.error(e.getMessage());
        }
    }

    public String getSnapshotXml() {
        return snapshotXml;
    }

    public void setSnapshotXml(String snapshotXml) {
        this.snapshotXml = snapshotXml;
    }

    public List<String> getSnapshotErrors() {
        return snapshotErrors;
    }

    public String getSnapshotProblems() {
        return snapshotProblems;
    }

    public String getProblems() {
        return problems;
    }

    public List<String> getDiff() {
        return diff;
    }

    public String getDiffTitle() {
        return diffTitle;
    }

    public void reloadXml() {
        applyErrors = null;
        problemLines = "";
        problems = "[]";
        diff = List.of();
        try {
            xml = workspace.xml(Pages.caller(), sessionId, guest);
            Pages.info("Loaded the guest's current definition.");
        } catch (SessionException e) {
            Pages.error(e.getMessage());
        }
    }

    public void power(String action) {
        PowerAction power = PowerAction.parse(action).orElseThrow();
        try {
            sessions.power(Pages.caller(), sessionId, guest, power);
            Pages.info(switch (power) {
                case START -> "Started. The guest boots in a few seconds.";
                case SHUTDOWN -> "Asked the guest to shut down.";
                case DESTROY -> "Forced off.";
                case REBOOT -> "Asked the guest to reboot. A reboot keeps the old hardware; use Power cycle for XML"
                        + " changes.";
                case RESTART -> "Power cycled: the guest boots with its saved configuration.";
            });
        } catch (SessionException e) {
            Pages.error(e.getMessage());
        }
        session = null;
    }

    public void checkStep() {
        check(getLab().steps().get(Math.min(activeStep, getLab().steps().size() - 1)).id());
    }

    public void checkAll() {
        check(null);
    }

    private void check(String stepId) {
        attempts = null;
        try {
            report = sessions.grade(Pages.caller(), sessionId, stepId);
            if (report.allPassed()) {
                Pages.info("All " + report.checks().size() + " checks pass. Well done!");
            }
        } catch (SessionException e) {
            Pages.error(e.getMessage());
        }
        session = null;
    }

    public void extend() {
        try {
            session = sessions.extend(Pages.caller(), sessionId);
            Pages.info("The session now ends at " + session.expiresAt().truncatedTo(java.time.temporal.ChronoUnit
                    .SECONDS) + " (UTC).");
        } catch (SessionException e) {
            Pages.error(e.getMessage());
        }
    }

    /** A fresh guest; with a step id, the reference solutions of the steps before it are applied. */
    public void reset(String stepId) {
        try {
            session = sessions.reset(Pages.caller(), sessionId, stepId);
            reloadXml();
            report = null;
            preview = null;
            snapshotList = null;
            Pages.info(stepId == null ? "Your guest is fresh: as the lab starts."
                    : "Your guest is fresh, with every step before this one done.");
        } catch (SessionException e) {
            Pages.error(e.getMessage());
        }
    }

    public void end() {
        try {
            sessions.end(Pages.caller(), sessionId);
        } catch (SessionException e) {
            Pages.error(e.getMessage());
            return;
        }
        Pages.redirect("/index.xhtml?ended=1");
    }

    public List<CheckOutcome> getResults() {
        return report == null ? List.of() : report.checks();
    }

    public GradeReport getReport() {
        return report;
    }

    /** Best score reached so far per step id, from the recorded attempts. */
    public Map<String, String> getProgress() {
        Map<String, Integer> best = new LinkedHashMap<>();
        for (GradingAttempt attempt : attempts()) {
            attempt.results().stream().collect(Collectors.groupingBy(r -> r.stepId(),
                    Collectors.summingInt(r -> r.earned()))).forEach((step, earned) -> best.merge(step, earned,
                    Math::max));
        }
        Map<String, String> progress = new LinkedHashMap<>();
        for (LabStep step : getLab().steps()) {
            int max = step.checks().stream().mapToInt(c -> c.points()).sum();
            progress.put(step.id(), best.containsKey(step.id()) ? best.get(step.id()) + " / " + max : "not checked");
        }
        return progress;
    }

    public int getAttemptCount() {
        return attempts().size();
    }

    /** The recorded Checks of this session, read once per view (and again after a Check). */
    private List<GradingAttempt> attempts() {
        if (attempts == null) {
            attempts = sessions.attempts(Pages.caller(), sessionId);
        }
        return attempts;
    }

    public List<String> getApplyErrors() {
        return applyErrors == null ? List.of() : applyErrors;
    }

    public String getProblemLines() {
        return problemLines;
    }

    public boolean isNotFound() {
        return notFound;
    }

    public String getSessionId() {
        return sessionId;
    }

    public void setSessionId(String sessionId) {
        this.sessionId = sessionId;
    }

    public String getGuest() {
        return guest;
    }

    public String getXml() {
        return xml;
    }

    public void setXml(String xml) {
        this.xml = xml;
    }

    private transient java.util.Map<String, List<String>> hints;
    private transient java.util.Map<String, String> solutions;

    /** The hints of a step the learner revealed so far. */
    public List<String> hints(String stepId) {
        if (hints == null) {
            hints = new java.util.HashMap<>();
        }
        return hints.computeIfAbsent(stepId, s -> {
            try {
                return sessions.revealedHints(Pages.caller(), sessionId, s);
            } catch (SessionException e) {
                return List.of();
            }
        });
    }

    public void revealHint(String stepId) {
        try {
            getHintsMap().put(stepId, sessions.revealHint(Pages.caller(), sessionId, stepId));
        } catch (SessionException e) {
            Pages.error(e.getMessage());
        }
    }

    /** The step's reference solution when the learner had it shown, else null. */
    public String solution(String stepId) {
        if (solutions == null) {
            solutions = new java.util.HashMap<>();
        }
        if (!solutions.containsKey(stepId)) {
            try {
                solutions.put(stepId, sessions.solutionShown(Pages.caller(), sessionId, stepId)
                        ? org.kvmlab.catalog.SolutionText.describe(getLab().step(stepId).orElseThrow().solution())
                        : null);
            } catch (SessionException e) {
                solutions.put(stepId, null);
            }
        }
        return solutions.get(stepId);
    }

    public void revealSolution(String stepId) {
        try {
            String text = sessions.revealSolution(Pages.caller(), sessionId, stepId);
            if (solutions == null) {
                solutions = new java.util.HashMap<>();
            }
            solutions.put(stepId, text);
        } catch (SessionException e) {
            Pages.error(e.getMessage());
        }
    }

    private java.util.Map<String, List<String>> getHintsMap() {
        if (hints == null) {
            hints = new java.util.HashMap<>();
        }
        return hints;
    }

    /** The learner switched steps: remembered, so a reload or a new login comes back to it. */
    public void stepChanged() {
        try {
            sessions.rememberStep(Pages.caller(), sessionId, activeStep);
        } catch (SessionException e) {
            // a step that cannot be remembered costs nothing but the convenience
        }
    }

    /** The learner's earlier virsh commands in this session, as JSON, for the terminal's ↑ history. */
    public String getShellHistory() {
        try {
            jakarta.json.JsonArrayBuilder array = jakarta.json.Json.createArrayBuilder();
            shell.history(Pages.caller(), sessionId).forEach(array::add);
            return array.build().toString();
        } catch (SessionException e) {
            return "[]";
        }
    }

    public int getActiveStep() {
        return activeStep;
    }

    public void setActiveStep(int activeStep) {
        this.activeStep = activeStep;
    }

    public String getExpiresAt() {
        return getSession().expiresAt().toString();
    }
}
