package org.kvmlab.guide;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** GuideLibrary on the real guides folder and on a temporary one. */
class GuideLibraryTest {

    static final GuideLibrary REAL = new GuideLibrary(Path.of("guides"));

    @TempDir
    Path tmp;

    @Test
    void realGuideHasTheSectionsTheLabLinksTo() {
        assertThat(REAL.names()).contains("paravirtual-devices");
        assertThat(REAL.exists("paravirtual-devices")).isTrue();
        assertThat(REAL.anchors("paravirtual-devices")).contains("virtio-disks", "state-the-disk-format",
                "virtio-network-cards", "remove-legacy-emulated-devices");
    }

    @Test
    void realGuideRendersWithItsTitleAndAnchors() {
        GuideLibrary.Guide guide = REAL.find("paravirtual-devices").orElseThrow();

        assertThat(guide.name()).isEqualTo("paravirtual-devices");
        assertThat(guide.title()).isEqualTo("Paravirtual devices");
        assertThat(guide.html()).contains("<h2 id=\"virtio-disks\">", "<h2 id=\"state-the-disk-format\">",
                "<h2 id=\"virtio-network-cards\">", "<h2 id=\"remove-legacy-emulated-devices\">");
        assertThat(guide.html()).doesNotContain("<script");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"../etc/passwd", "..", ".", "UPPER", "Paravirtual-Devices", "a/b", "a\\b",
        "paravirtual-devices.md", "-leading-dash", "paravirtual-devices\n", "paravirtual devices",
        "/etc/passwd", "%2e%2e%2fetc%2fpasswd", "paravirtual-devices/../paravirtual-devices"})
    void namesOutsideThePatternFindNothing(String name) {
        assertThat(REAL.find(name)).isEmpty();
        assertThat(REAL.exists(name)).isFalse();
        assertThat(REAL.anchors(name)).isEmpty();
    }

    @Test
    void nameLengthIsCapped() throws Exception {
        String max = "a".repeat(64);
        String over = "a".repeat(65);
        Files.writeString(tmp.resolve(max + ".md"), "# Max\n");
        Files.writeString(tmp.resolve(over + ".md"), "# Over\n");
        GuideLibrary library = new GuideLibrary(tmp);

        assertThat(library.exists(max)).isTrue();
        assertThat(library.exists(over)).isFalse();
        assertThat(library.names()).containsExactly(max);
    }

    @Test
    void traversalCannotReachAFileBesideTheFolder() throws Exception {
        Path guides = Files.createDirectories(tmp.resolve("guides"));
        Files.writeString(tmp.resolve("secret.md"), "# Secret\n");
        GuideLibrary library = new GuideLibrary(guides);

        assertThat(library.find("../secret")).isEmpty();
        assertThat(library.find("secret")).isEmpty();
    }

    @Test
    void namesAreSortedMarkdownFilesWithValidNames() throws Exception {
        Files.writeString(tmp.resolve("zeta.md"), "# Zeta\n");
        Files.writeString(tmp.resolve("alpha-2.md"), "# Alpha\n");
        Files.writeString(tmp.resolve("UPPER.md"), "# Upper\n");
        Files.writeString(tmp.resolve("with space.md"), "# Space\n");
        Files.writeString(tmp.resolve("notes.txt"), "not a guide");
        GuideLibrary library = new GuideLibrary(tmp);

        assertThat(library.names()).containsExactly("alpha-2", "zeta");
    }

    @Test
    void folderNamedLikeAGuideIsNotAGuide() throws Exception {
        Files.createDirectories(tmp.resolve("dir.md"));
        GuideLibrary library = new GuideLibrary(tmp);

        assertThat(library.exists("dir")).isFalse();
        assertThat(library.find("dir")).isEmpty();
    }

    @Test
    void guideWithoutLevelOneHeadingIsTitledByItsName() throws Exception {
        Files.writeString(tmp.resolve("untitled.md"), "## Only a section\n\ntext <script>x</script>\n");
        GuideLibrary library = new GuideLibrary(tmp);

        GuideLibrary.Guide guide = library.find("untitled").orElseThrow();
        assertThat(guide.title()).isEqualTo("untitled");
        assertThat(guide.html()).contains("<h2 id=\"only-a-section\">").contains("&lt;script&gt;");
        assertThat(library.anchors("untitled")).containsExactly("only-a-section");
    }

    @Test
    void missingFolderHasNoGuides() {
        GuideLibrary library = new GuideLibrary(tmp.resolve("none"));

        assertThat(library.names()).isEmpty();
        assertThat(library.find("paravirtual-devices")).isEmpty();
        assertThat(library.anchors("paravirtual-devices")).isEmpty();
    }
}
