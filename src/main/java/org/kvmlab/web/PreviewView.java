package org.kvmlab.web;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import org.kvmlab.authoring.LabLibrary;
import org.kvmlab.authoring.LabVersion;
import org.kvmlab.authoring.SelfTestRun;
import org.kvmlab.catalog.Lab;
import org.kvmlab.catalog.LabStep;
import org.kvmlab.guide.Markdown;

/**
 * One stored lab version as a student would read it, with its self-test (run in the background, progress
 * polled) and the Publish action, which only a version that passed its self-test gets.
 */
@Named
@ViewScoped
public class PreviewView implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    transient LabLibrary library;

    private String labId;
    private int version;
    private transient Lab lab;

    public Lab getLab() {
        if (lab == null && labId != null) {
            lab = library.version(labId, version).orElse(null);
        }
        return lab;
    }

    public LabVersion getMeta() {
        return labId == null ? null : library.meta(labId, version).orElse(null);
    }

    public String html(LabStep step) {
        return Markdown.toHtml(step.markdown());
    }

    public void startSelfTest() {
        Optional<String> refused = library.startSelfTest(labId, version);
        refused.ifPresentOrElse(Pages::error, () -> Pages.info("The self-test started: a fresh guest is booting."));
    }

    public List<String> getProgress() {
        return library.run(labId, version).map(SelfTestRun::lines).orElse(List.of());
    }

    public boolean isRunning() {
        return library.run(labId, version).map(r -> !r.finished()).orElse(false);
    }

    /**
     * The per-check table of the last self-test: from the run on screen when there is one (its progress is
     * listed above), else the log stored with the version.
     */
    public String getSelfTestLog() {
        Optional<SelfTestRun> run = library.run(labId, version);
        if (run.isPresent()) {
            return run.get().finished() ? run.get().report().table() : "";
        }
        LabVersion meta = getMeta();
        return meta == null || meta.selfTestLog() == null ? "" : meta.selfTestLog();
    }

    public void publish() {
        library.publish(labId, version).ifPresentOrElse(Pages::error,
                () -> Pages.info("Version " + version + " of " + labId + " is published: students now see it."));
    }

    public String getLabId() {
        return labId;
    }

    public void setLabId(String labId) {
        this.labId = labId;
    }

    public int getVersion() {
        return version;
    }

    public void setVersion(int version) {
        this.version = version;
    }
}
