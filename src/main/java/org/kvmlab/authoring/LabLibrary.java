package org.kvmlab.authoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.kvmlab.catalog.Lab;
import org.kvmlab.catalog.LabException;
import org.kvmlab.catalog.LabLint;
import org.kvmlab.catalog.LabLoader;
import org.kvmlab.catalog.LabProblem;
import org.kvmlab.platform.Platform;
import org.kvmlab.policy.LearnerPolicy;
import org.kvmlab.selftest.SelfTest;
import org.kvmlab.selftest.SelfTestReport;

/**
 * Every version of every lab, and the way a lab reaches students: built-in labs (the labs folder) are stored
 * as versions when their content is new; instructors upload a zip, which is linted and stored as a draft;
 * a draft is self-tested on a real guest and only then published. Students see the newest published version
 * of each lab; a session keeps the version it started with, whatever is published later.
 */
@ApplicationScoped
public class LabLibrary {

    private static final Logger LOG = Logger.getLogger(LabLibrary.class.getName());
    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final List<String> DIFFICULTY = List.of("beginner", "intermediate", "advanced");
    /** The catalog reads as a course: labs that can be taken first, from beginner to advanced. */
    static final Comparator<Lab> CATALOG_ORDER = Comparator.comparing((Lab l) -> !l.available())
            .thenComparing(l -> DIFFICULTY.indexOf(l.difficulty())).thenComparing(Lab::title);

    @Inject
    Platform platform;

    @Inject
    LabVersionStore store;

    @Resource
    ManagedExecutorService executor;

    private final Clock clock = Clock.systemUTC();
    private final Map<String, Lab> loaded = new ConcurrentHashMap<>();
    private final Map<String, SelfTestRun> runs = new ConcurrentHashMap<>();

    /** What an upload came to: the stored version, or the problems that kept it out. */
    public record UploadResult(Optional<LabVersion> version, List<String> problems, String note) {
    }

    /** Stores each built-in lab that loads cleanly as a new version when its files changed. */
    public void syncBuiltIns() {
        for (Lab lab : platform.catalog().all()) {
            byte[] archive = LabArchive.pack(platform.config().labsDir().resolve(lab.id()));
            String sha = LabArchive.sha256(archive);
            if (store.withContent(lab.id(), sha).isEmpty()) {
                LabVersion v = store.add(lab.id(), LabVersion.Origin.BUILTIN, sha, archive, lab.title(), null,
                        clock.instant());
                LOG.info(() -> "built-in lab " + lab.id() + " stored as version " + v.version());
            }
        }
    }

    /** The newest published version of each lab, for the catalog. */
    public List<Lab> published() {
        List<Lab> labs = new ArrayList<>();
        for (LabVersion v : store.currentPublished()) {
            version(v.labId(), v.version()).ifPresent(labs::add);
        }
        labs.sort(CATALOG_ORDER);
        return labs;
    }

    /** The newest published version of a lab. */
    public Optional<Lab> current(String labId) {
        return store.currentPublished().stream().filter(v -> v.labId().equals(labId)).findFirst()
                .flatMap(v -> version(v.labId(), v.version()));
    }

    /** A stored version of a lab, published or not (sessions and previews use this). */
    public Optional<Lab> version(String labId, int number) {
        if (labId == null || !ID.matcher(labId).matches()) {
            return Optional.empty();
        }
        String key = labId + "@" + number;
        Lab cached = loaded.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<LabVersion> stored = store.find(labId, number);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        try {
            Path folder = unpacked(stored.get());
            Lab lab = new LabLoader(platform.guides()).load(folder).withVersion(number);
            loaded.put(key, lab);
            return Optional.of(lab);
        } catch (LabException | LabArchive.Refused e) {
            LOG.severe(() -> "stored lab " + key + " does not load: " + e.getMessage());
            return Optional.empty();
        }
    }

    public List<LabVersion> versions() {
        return store.all();
    }

    public Optional<LabVersion> meta(String labId, int number) {
        return store.find(labId, number);
    }

    /** Lints an uploaded zip; a clean lab is stored as a new draft version (or found, if already stored). */
    public UploadResult upload(byte[] zip, String username) {
        Path work = uploadsFolder().resolve(UUID.randomUUID().toString());
        try {
            Path unpacked = Files.createDirectories(work.resolve("unpacked"));
            LabArchive.unpack(zip, unpacked);
            String id = declaredId(unpacked);
            Path folder = work.resolve(id);
            Files.move(unpacked, folder);
            LabLint.Result lint = new LabLint(platform.guides(), LearnerPolicy.standard()).lint(folder);
            if (!lint.clean()) {
                return new UploadResult(Optional.empty(), lint.problems().stream().map(LabProblem::toString).toList(),
                        "The lab was not stored: fix these problems and upload it again.");
            }
            byte[] archive = LabArchive.pack(folder);
            String sha = LabArchive.sha256(archive);
            Optional<LabVersion> same = store.withContent(id, sha);
            if (same.isPresent()) {
                return new UploadResult(same, List.of(), "This content is already stored as version "
                        + same.get().version() + " of " + id + ".");
            }
            LabVersion v = store.add(id, LabVersion.Origin.UPLOAD, sha, archive, lint.lab().orElseThrow().title(),
                    username, clock.instant());
            LOG.info(() -> username + " uploaded " + id + " as version " + v.version());
            return new UploadResult(Optional.of(v), List.of(), "Stored as version " + v.version() + " of " + id
                    + " (a draft). Preview it, run its self-test, then publish it.");
        } catch (LabArchive.Refused e) {
            return new UploadResult(Optional.empty(), List.of(e.getMessage()), "The upload was refused.");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(work);
        }
    }

    /** The lab id lab.yaml declares, checked before it names a folder. */
    private static String declaredId(Path folder) throws LabArchive.Refused {
        try {
            JsonNode yaml = new YAMLMapper().readTree(folder.resolve("lab.yaml").toFile());
            String id = yaml == null ? null : yaml.path("id").asText(null);
            if (id == null || !ID.matcher(id).matches()) {
                throw new LabArchive.Refused("lab.yaml needs an 'id' of lower-case letters, digits and dashes.");
            }
            return id;
        } catch (IOException e) {
            throw new LabArchive.Refused("lab.yaml cannot be read as YAML: " + e.getMessage().lines().findFirst()
                    .orElse(""));
        }
    }

    /** Publishes a version whose self-test passed; returns why not otherwise. */
    public Optional<String> publish(String labId, int number) {
        Optional<LabVersion> v = store.find(labId, number);
        if (v.isEmpty()) {
            return Optional.of("There is no version " + number + " of " + labId + ".");
        }
        if (v.get().status() == LabVersion.Status.PUBLISHED) {
            return Optional.of("Version " + number + " of " + labId + " is already published.");
        }
        if (v.get().selfTest() != LabVersion.SelfTest.PASSED) {
            return Optional.of("Run the self-test first: only a lab that proved itself on a real guest is published.");
        }
        store.publish(labId, number, clock.instant());
        LOG.info(() -> labId + " version " + number + " published");
        return Optional.empty();
    }

    /** The self-test of a version that is running or ran since the platform started, if any. */
    public Optional<SelfTestRun> run(String labId, int number) {
        return Optional.ofNullable(runs.get(labId + "@" + number));
    }

    /** Starts the self-test of a stored version on a real guest; returns why not when it cannot run. */
    public synchronized Optional<String> startSelfTest(String labId, int number) {
        if (platform.demoMode()) {
            return Optional.of("The self-test boots a real guest, and kvmlab runs in demo mode (simulated"
                    + " hypervisor). Run it on a host with libvirtd, or use ./kvmlab selftest.");
        }
        Optional<Lab> lab = version(labId, number);
        if (lab.isEmpty()) {
            return Optional.of("There is no version " + number + " of " + labId + ".");
        }
        if (!lab.get().available()) {
            return Optional.of("This lab is marked as coming (" + lab.get().coming().orElse("") + "): it cannot run.");
        }
        SelfTestRun previous = runs.get(labId + "@" + number);
        if (previous != null && !previous.finished()) {
            return Optional.of("The self-test of this version is already running.");
        }
        SelfTestRun run = new SelfTestRun();
        runs.put(labId + "@" + number, run);
        store.selfTest(labId, number, LabVersion.SelfTest.RUNNING, clock.instant(), null);
        executor.submit(() -> {
            SelfTestReport report = new SelfTest(platform.runtime(), run::say).run(lab.get());
            run.conclude(report);
            // the result is stored before the run shows as finished: the page stops polling at that moment
            try {
                store.selfTest(labId, number, report.passed() ? LabVersion.SelfTest.PASSED
                        : LabVersion.SelfTest.FAILED, clock.instant(), run.log(report));
            } finally {
                run.finish(report);
            }
        });
        return Optional.empty();
    }

    private Path uploadsFolder() {
        return platform.config().dataDir().resolve("labs").resolve("uploads");
    }

    /** The version's files, unpacked once under the data folder. */
    private Path unpacked(LabVersion v) throws LabArchive.Refused {
        Path folder = platform.config().dataDir().resolve("labs").resolve("v" + v.version()).resolve(v.labId());
        if (!Files.isRegularFile(folder.resolve("lab.yaml"))) {
            Path temp = folder.resolveSibling(v.labId() + ".tmp-" + UUID.randomUUID());
            try {
                Files.createDirectories(temp);
                LabArchive.unpack(v.archive(), temp);
                deleteTree(folder);
                Files.move(temp, folder);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                deleteTree(temp);
            }
        }
        return folder;
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warning(() -> "could not remove " + root + ": " + e.getMessage());
        }
    }
}
