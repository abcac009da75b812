package org.kvmlab.web;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.List;
import org.kvmlab.authoring.LabArchive;
import org.kvmlab.authoring.LabLibrary;
import org.kvmlab.authoring.LabVersion;

/** The instructor's lab page: upload a lab as a zip, see its lint problems, and the versions of every lab. */
@Named
@ViewScoped
public class AuthoringView implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    transient LabLibrary library;

    private transient Part file;
    private List<String> problems = List.of();
    private String uploadedLab;
    private Integer uploadedVersion;

    public void upload() {
        problems = List.of();
        uploadedLab = null;
        uploadedVersion = null;
        if (file == null || file.getSize() == 0) {
            Pages.error("Choose a .zip file of one lab folder first.");
            return;
        }
        if (file.getSize() > LabArchive.MAX_BYTES) {
            Pages.error("The file is larger than " + LabArchive.MAX_BYTES / 1024 + " KiB. A lab is text: keep only"
                    + " lab.yaml, the domain XML files and the step Markdown.");
            return;
        }
        try (InputStream in = file.getInputStream()) {
            LabLibrary.UploadResult result = library.upload(in.readAllBytes(), Pages.caller());
            problems = result.problems();
            if (result.version().isPresent()) {
                uploadedLab = result.version().get().labId();
                uploadedVersion = result.version().get().version();
                Pages.info(result.note());
            } else {
                Pages.error(result.note());
            }
        } catch (IOException e) {
            Pages.error("The upload could not be read (" + e.getMessage() + "). Please try again.");
        }
    }

    public List<LabVersion> getVersions() {
        return library.versions();
    }

    public Part getFile() {
        return file;
    }

    public void setFile(Part file) {
        this.file = file;
    }

    public List<String> getProblems() {
        return problems;
    }

    public String getUploadedLab() {
        return uploadedLab;
    }

    public Integer getUploadedVersion() {
        return uploadedVersion;
    }
}
