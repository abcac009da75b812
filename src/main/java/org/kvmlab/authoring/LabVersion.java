package org.kvmlab.authoring;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One immutable version of a lab: its files as a zip archive, where it came from, whether students see it,
 * and what its self-test said. Content never changes once stored; a new upload is a new version, and a
 * session keeps the version it started with.
 */
@Entity
@Table(name = "lab_versions")
public class LabVersion {

    /** Where a version came from. */
    public enum Origin { BUILTIN, UPLOAD }

    /** Whether students can start it. */
    public enum Status { DRAFT, PUBLISHED }

    /** The self-test verdict; built-in labs are proven by CI before they ship. */
    public enum SelfTest { NOT_RUN, RUNNING, PASSED, FAILED, CI }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "lab_id", nullable = false, length = 64)
    private String labId;

    @Column(nullable = false)
    private int version;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Origin origin;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Status status;

    @Column(nullable = false, length = 64)
    private String sha256;

    @Column(nullable = false)
    private byte[] archive;

    @Column(nullable = false, length = 200)
    private String title;

    @Column(name = "created_by", length = 64)
    private String createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "published_at")
    private Instant publishedAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "selftest", nullable = false, length = 16)
    private SelfTest selfTest;

    @Column(name = "selftest_at")
    private Instant selfTestAt;

    @Column(name = "selftest_log", length = 20000)
    private String selfTestLog;

    protected LabVersion() {
    }

    LabVersion(String labId, int version, Origin origin, String sha256, byte[] archive, String title,
               String createdBy, Instant createdAt) {
        this.labId = labId;
        this.version = version;
        this.origin = origin;
        this.sha256 = sha256;
        this.archive = archive.clone();
        this.title = title.length() > 200 ? title.substring(0, 200) : title;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
        boolean builtin = origin == Origin.BUILTIN;
        this.status = builtin ? Status.PUBLISHED : Status.DRAFT;
        this.publishedAt = builtin ? createdAt : null;
        this.selfTest = builtin ? SelfTest.CI : SelfTest.NOT_RUN;
    }

    void publish(Instant at) {
        status = Status.PUBLISHED;
        publishedAt = at;
    }

    void selfTest(SelfTest verdict, Instant at, String log) {
        selfTest = verdict;
        selfTestAt = at;
        selfTestLog = log == null || log.length() <= 20000 ? log : log.substring(log.length() - 20000);
    }

    public String labId() {
        return labId;
    }

    public int version() {
        return version;
    }

    public Origin origin() {
        return origin;
    }

    public Status status() {
        return status;
    }

    public String sha256() {
        return sha256;
    }

    byte[] archive() {
        return archive.clone();
    }

    public String title() {
        return title;
    }

    public String createdBy() {
        return createdBy;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant publishedAt() {
        return publishedAt;
    }

    public SelfTest selfTest() {
        return selfTest;
    }

    public Instant selfTestAt() {
        return selfTestAt;
    }

    public String selfTestLog() {
        return selfTestLog;
    }
}
