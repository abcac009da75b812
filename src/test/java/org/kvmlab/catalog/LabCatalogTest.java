package org.kvmlab.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog leaves broken labs out and keeps the good ones. */
class LabCatalogTest {

    final LabLoader loader = new LabLoader(LabLoaderTest.GUIDES);

    @TempDir
    Path tmp;

    @Test
    void brokenLabIsLeftOutAndTheGoodOneKept() throws Exception {
        Path labs = tmp.resolve("labs");
        LabLoaderTest.copyTree(LabLoaderTest.REAL_LAB, labs.resolve("virtio-devices"));
        Path broken = labs.resolve("broken-lab");
        LabLoaderTest.copyTree(Path.of(LabCatalogTest.class.getResource("/labs-broken/template/broken-lab").toURI()),
                broken);
        LabLoaderTest.edit(broken, "guide: paravirtual-devices.md#state-the-disk-format",
                "guide: paravirtual-devices.md#no-such-section");
        Files.writeString(labs.resolve("README.md"), "not a lab folder");

        LabCatalog catalog = LabCatalog.load(labs, loader);

        assertThat(catalog.all()).extracting(Lab::id).containsExactly("virtio-devices");
        assertThat(catalog.find("virtio-devices")).isPresent();
        assertThat(catalog.find("broken-lab")).isEmpty();
        assertThat(catalog.find(null)).isEmpty();
        assertThat(catalog.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("broken-lab/lab.yaml");
            assertThat(p.message()).contains("no section '#no-such-section'");
        });
    }

    @Test
    void folderWithoutLabYamlIsReportedNotFatal() throws Exception {
        Path labs = tmp.resolve("labs");
        LabLoaderTest.copyTree(LabLoaderTest.REAL_LAB, labs.resolve("virtio-devices"));
        Files.createDirectories(labs.resolve("drafts"));

        LabCatalog catalog = LabCatalog.load(labs, loader);

        assertThat(catalog.all()).extracting(Lab::id).containsExactly("virtio-devices");
        assertThat(catalog.problems()).extracting(LabProblem::toString)
                .containsExactly("drafts/lab.yaml: lab.yaml is missing");
    }

    @Test
    void missingLabsFolderGivesAnEmptyCatalog() {
        LabCatalog catalog = LabCatalog.load(tmp.resolve("nothing-here"), loader);

        assertThat(catalog.all()).isEmpty();
        assertThat(catalog.problems()).isEmpty();
        assertThat(catalog.find("virtio-devices")).isEmpty();
    }

    @Test
    void realLabsFolderLoadsWithoutProblems() {
        LabCatalog catalog = LabCatalog.load(Path.of("labs"), loader);

        assertThat(catalog.problems()).isEmpty();
        assertThat(catalog.all()).extracting(Lab::id).contains("virtio-devices");
    }
}
