package org.kvmlab.authoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Uploaded lab archives are untrusted: nothing in one may write outside the lab's folder (zip slip), blow up
 * when unpacked (zip bomb), or become a link to a host file; every refusal says why, and nothing is left half
 * unpacked outside the target.
 */
class LabArchiveTest {

    @TempDir
    Path work;

    private static byte[] zip(String... namesAndContents) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                zip.putNextEntry(new ZipEntry(namesAndContents[i]));
                zip.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private Path target() throws IOException {
        return Files.createDirectories(work.resolve("upload/lab"));
    }

    private LabArchive.Refused refused(byte[] archive) throws IOException {
        Path target = target();
        LabArchive.Refused refusal = catchThrowableOfType(LabArchive.Refused.class,
                () -> LabArchive.unpack(archive, target));
        assertThat(refusal).as("the archive must be refused").isNotNull();
        assertThat(refusal.getMessage()).isNotBlank();
        try (Stream<Path> outside = Files.list(work)) {
            assertThat(outside).as("nothing is written beside the lab's folder").containsExactly(work.resolve("upload"));
        }
        return refusal;
    }

    @Test
    void aLabFolderUnpacksWithOrWithoutItsTopFolder() throws Exception {
        Path target = target();
        LabArchive.unpack(zip("my-lab/lab.yaml", "format: 1\n", "my-lab/steps/one.md", "# One\n"), target);
        assertThat(target.resolve("lab.yaml")).hasContent("format: 1");
        assertThat(target.resolve("steps/one.md")).hasContent("# One");
        Path flat = Files.createDirectories(work.resolve("flat"));
        LabArchive.unpack(zip("lab.yaml", "format: 1\n"), flat);
        assertThat(flat.resolve("lab.yaml")).exists();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../evil.yaml", "lab/../../evil.yaml", "/etc/cron.d/evil.yaml", "..\\..\\evil.yaml",
            "C:/evil.yaml", "lab/./lab.yaml", "a/b/c/d/e/f/lab.yaml", ".hidden.yaml", "steps/ evil.md"})
    void namesThatCouldLeaveTheFolderAreRefused(String name) throws Exception {
        LabArchive.Refused refusal = refused(zip("lab.yaml", "format: 1\n", name, "x"));
        assertThat(refusal.getMessage()).contains("is not an acceptable file name");
    }

    @Test
    void onlyLabFilesAreAccepted() throws Exception {
        assertThat(refused(zip("lab.yaml", "format: 1\n", "steps/run.sh", "rm -rf /")).getMessage())
                .contains("a lab holds only .yaml, .md, .xml, .txt and .json files");
    }

    @Test
    void aZipBombIsStoppedWhileUnpacking() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("lab.yaml"));
            zip.write("format: 1\n".getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("steps/huge.md"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                zip.write(zeros);
            }
        }
        assertThat(bytes.size()).as("small enough to upload").isLessThan(LabArchive.MAX_BYTES);
        assertThat(refused(bytes.toByteArray()).getMessage()).contains("unpacks to more than 1024 KiB");
    }

    @Test
    void tooLargeTooManyEmptyAndNotAZipAreRefused() throws Exception {
        assertThat(refused(new byte[LabArchive.MAX_BYTES + 1]).getMessage()).contains("larger than 1024 KiB");
        String[] many = new String[2 * 201];
        for (int i = 0; i < 201; i++) {
            many[2 * i] = "steps/s" + i + ".md";
            many[2 * i + 1] = "x";
        }
        assertThat(refused(zip(many)).getMessage()).contains("more than 200 entries");
        assertThat(refused(new byte[0]).getMessage()).contains("empty");
        assertThat(refused("not a zip at all".getBytes(StandardCharsets.UTF_8)).getMessage())
                .containsAnyOf("not a valid .zip", "holds no files");
        assertThat(refused(zip("steps/one.md", "# One")).getMessage()).contains("has no lab.yaml");
    }

    @Test
    void aSymlinkInTheArchiveNeverBecomesALink() throws Exception {
        byte[] archive;
        try (InputStream in = getClass().getResourceAsStream("/upload-fixtures/symlink-to-host-file.zip")) {
            archive = in.readAllBytes();
        }
        Path target = target();
        LabArchive.unpack(archive, target);
        Path evil = target.resolve("steps/evil.md");
        assertThat(Files.isSymbolicLink(evil)).isFalse();
        assertThat(evil).as("the link's target is only text").hasContent("/etc/passwd");
    }
}
