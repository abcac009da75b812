package org.kvmlab.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.kvmlab.guide.GuideLibrary;

/**
 * Fuzzes the lab loader with mutations of a valid {@code lab.yaml} (the loader tests' template lab): lines deleted,
 * duplicated, swapped, re-indented or inserted; values replaced by file references that leave the folder
 * ({@code ..}, absolute paths, symlinks to a file outside it), odd numbers, YAML tags, anchors and aliases, XPaths
 * and very long strings; and whole files of random YAML, random bytes, deep nesting, alias bombs and megabytes
 * (lab.yaml itself, or a step text it names).
 * Loading either gives a lab or a list of problems, never an exception; a lab never holds the text of a file
 * outside its folder; and every problem is a message for the author, not a stack trace.
 */
class LabLoaderFuzzTest {

    static final Path TEMPLATE = Path.of("src/test/resources/labs-broken/template/broken-lab");
    static final String SECRET = "OUTSIDE-THE-LAB-FOLDER-7f3a";
    static final String LAB_YAML = read(TEMPLATE.resolve("lab.yaml"));
    static final LabLoader LOADER = new LabLoader(new GuideLibrary(Path.of("guides")));
    static Path root;
    static int labs;

    /** Values a lab author (or an attacker uploading a lab) could put anywhere in lab.yaml. */
    static final List<String> VALUES = List.of("../outside.md", "../../outside.md", "/etc/passwd", "/dev/zero",
            "/proc/self/environ", "steps/../../outside.md", "steps/link.md", "link.xml", "steps/dirlink/first.md",
            "steps/huge.md",
            ".", "..", "", "steps", "steps/", "'steps/first.md'", "vm1.xml", "steps/first.md", "-1", "0", "1", "600",
            "601", "99999999999999999999", "1e308", ".nan", ".inf", "-.inf", "0x10", "0o17", "true", "false", "~",
            "null", "[]", "{}", "[1, 2]", "{a: b}", "&anchor x", "*anchor", "*nothere", "!!binary AAAA",
            "!!java.lang.Runtime x", "!<tag:yaml.org,2002:str> x", "? x", "|", ">-", "'unterminated", "\"unterminated",
            "- x", "count(", "$hostCpus", "//*", "document('/etc/passwd')", "paravirtual-devices.md#virtio-disks",
            "../guides/x.md#a", "paravirtual-devices.md#", "restart", "guest-exec", "[\"/bin/sh\", \"-c\", \"id\"]",
            "\u0000", "\u0007", "\t", "\uFEFF", "\uD800", "x".repeat(100_000), "é", "\\u0041");

    @BeforeContainer
    static void outsideFile() throws IOException {
        root = Files.createTempDirectory("kvmlab-loader-fuzz");
        Files.writeString(root.resolve("outside.md"), SECRET + "\n");
        Files.createDirectories(root.resolve("outside-dir"));
        Files.writeString(root.resolve("huge.md"), "# Huge\n" + "x".repeat((int) LabLoader.MAX_FILE_BYTES) + "\n");
        Files.writeString(root.resolve("outside-dir/first.md"), SECRET + "\n");
    }

    @AfterContainer
    static void removeAll() throws IOException {
        delete(root);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** One edit of lab.yaml's text; numbers are taken modulo the lines there are. */
    enum Kind { REPLACE_VALUE, DELETE_LINE, DUPLICATE_LINE, SWAP_LINES, INDENT_LINE, INSERT_LINE, TRUNCATE }

    record Edit(Kind kind, int line, int other, String value) {
        @Override
        public String toString() {
            return kind + "#" + line + "/" + other + " '" + (value.length() > 60 ? value.substring(0, 57) + "…("
                    + value.length() + ")" : value) + "'";
        }
    }

    /** The bytes of a lab.yaml: text (as UTF-8) or, when {@code raw}, each char one byte. */
    record Content(String text, boolean raw) {
        byte[] bytes() {
            return text.getBytes(raw ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return (raw ? "bytes " : "") + (text.length() > 2000 ? text.substring(0, 2000) + "…(" + text.length()
                    + " chars)" : text);
        }
    }

    @Provide
    Arbitrary<Content> labYamls() {
        Arbitrary<String> values = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of(VALUES)),
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(20)),
                Tuple.of(1, Arbitraries.integers().map(String::valueOf)));
        Arbitrary<Edit> edit = Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(0, 999),
                Arbitraries.integers().between(0, 999), values).as(Edit::new);
        Arbitrary<String> mutated = edit.list().ofMinSize(1).ofMaxSize(4).map(LabLoaderFuzzTest::apply);
        Arbitrary<String> text = Arbitraries.frequencyOf(Tuple.of(20, mutated),
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(300)),
                Tuple.of(1, Arbitraries.integers().between(100, 50_000).map(n -> "id: [" + "[".repeat(n) + "]".repeat(n)
                        + "]\n")),
                Tuple.of(1, Arbitraries.integers().between(100, 5_000).map(n -> LAB_YAML + "tags:\n"
                        + "  - a\n".repeat(n))),
                Tuple.of(1, Arbitraries.just(aliasBomb())),
                Tuple.of(1, Arbitraries.just(LAB_YAML + "# " + "x".repeat((int) LabLoader.MAX_FILE_BYTES) + "\n")));
        Arbitrary<String> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(2000)
                .map(b -> new String(b, StandardCharsets.ISO_8859_1));
        return Arbitraries.frequencyOf(Tuple.of(25, text.map(t -> new Content(t, false))),
                Tuple.of(1, bytes.map(b -> new Content(b, true))));
    }

    static String aliasBomb() {
        StringBuilder y = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char p = (char) (c - 1);
            y.append(c).append(": &").append(c).append(" [*").append(p).append(",*").append(p).append(",*").append(p)
                    .append(",*").append(p).append(",*").append(p).append(",*").append(p).append(",*").append(p)
                    .append(",*").append(p).append("]\n");
        }
        return LAB_YAML.replace("objectives: [Load a lab]", "objectives: [Load a lab]\ntags: *j") + y;
    }

    static String apply(List<Edit> edits) {
        List<String> lines = new ArrayList<>(List.of(LAB_YAML.split("\n", -1)));
        for (Edit e : edits) {
            if (lines.isEmpty()) {
                break;
            }
            int i = e.line() % lines.size();
            String line = lines.get(i);
            switch (e.kind()) {
                case REPLACE_VALUE -> {
                    int colon = line.indexOf(": ");
                    lines.set(i, colon < 0 ? line + " " + e.value() : line.substring(0, colon + 2) + e.value());
                }
                case DELETE_LINE -> lines.remove(i);
                case DUPLICATE_LINE -> lines.add(i, line);
                case SWAP_LINES -> {
                    int j = e.other() % lines.size();
                    lines.set(i, lines.get(j));
                    lines.set(j, line);
                }
                case INDENT_LINE -> lines.set(i, " ".repeat(e.other() % 9) + line.strip());
                case INSERT_LINE -> lines.add(i, " ".repeat(e.other() % 9) + e.value());
                case TRUNCATE -> lines.set(i, line.substring(0, e.other() % (line.length() + 1)));
            }
        }
        return String.join("\n", lines);
    }

    @Property(tries = 600, shrinking = ShrinkingMode.BOUNDED)
    void loadingGivesALabOrProblemsNeverAnException(@ForAll("labYamls") Content yaml) throws IOException {
        Path folder = labFolder(yaml);
        try {
            LabLoader.Inspection inspection = LOADER.inspect(folder);

            Statistics.label("outcome").collect(inspection.problems().isEmpty() ? "lab"
                    : inspection.lab() == null ? "problems" : "partial lab with problems");
            assertThat(inspection.problems()).allSatisfy(p -> {
                assertThat(p.message()).isNotBlank().doesNotContain("\tat ").doesNotContain(SECRET)
                        .doesNotContain("com.fasterxml").doesNotContain("java.lang.").doesNotContain("org.kvmlab.");
                assertThat(p.line()).isNotNegative();
            });
            if (inspection.lab() != null) {
                Lab lab = inspection.lab();
                for (LabStep step : lab.steps()) {
                    assertThat(step.markdown()).as("step text").doesNotContain(SECRET).doesNotContain("root:x:0:0");
                }
                for (LabGuest guest : lab.guests()) {
                    assertThat(guest.domainXml()).as("guest XML").doesNotContain(SECRET).doesNotContain("root:x:0:0");
                }
            }
            try {
                Lab lab = LOADER.load(folder);
                assertThat(inspection.problems()).as("load gives a lab only when inspection found nothing").isEmpty();
                assertThat(lab.id()).isEqualTo("broken-lab");
            } catch (LabException e) {
                assertThat(inspection.problems()).as("load refuses only when inspection found problems").isNotEmpty();
            }
            Statistics.label("outcome").coverage(c -> {
                c.check("lab").percentage(p -> p >= 3);
                c.check("problems").percentage(p -> p >= 10);
            });
        } finally {
            delete(folder.getParent());
        }
    }

    /**
     * Found by this fuzzer in CI: SnakeYAML's message quoted the broken line ({@code !!java.lang.Runtime x}) back
     * under a caret, so a problem read like a leaked class name. The problem says what and where, and no more.
     */
    @Example
    void aYamlSyntaxErrorDoesNotQuoteTheBrokenLineBack() throws IOException {
        Path folder = labFolder(new Content(apply(List.of(new Edit(Kind.INSERT_LINE, 3, 0, "!!java.lang.Runtime x"))),
                false));
        try {
            LabLoader.Inspection inspection = LOADER.inspect(folder);

            assertThat(inspection.lab()).isNull();
            assertThat(inspection.problems()).singleElement().satisfies(p -> {
                assertThat(p.message()).isEqualTo("while scanning a simple key: could not find expected ':'");
                assertThat(p.file()).isEqualTo("broken-lab/lab.yaml");
                assertThat(p.line()).isPositive();
            });
        } finally {
            delete(folder.getParent());
        }
    }

    /** Found by this fuzzer in CI: a number too big for its field had no location, and its problem line -1. */
    @Example
    void aNumberTooBigForItsFieldIsAProblemWithAValidPlace() throws IOException {
        String yaml = LAB_YAML.replace("minutes: 5", "minutes: 99999999999999999999");
        Path folder = labFolder(new Content(yaml, false));
        try {
            LabLoader.Inspection inspection = LOADER.inspect(folder);

            assertThat(inspection.lab()).isNull();
            assertThat(inspection.problems()).singleElement().satisfies(p -> {
                assertThat(p.message()).contains("99999999999999999999").contains("out of range");
                assertThat(p.line()).isNotNegative();
                assertThat(p.column()).isNotNegative();
            });
        } finally {
            delete(folder.getParent());
        }
    }

    /** Found by this fuzzer: a list where text belongs was reported with Jackson's Java type names. */
    @Example
    void aListWhereTextBelongsIsReportedInTheAuthorsWords() throws IOException {
        Path folder = labFolder(new Content(LAB_YAML.replace("difficulty: beginner", "difficulty: []"),
                false));
        try {
            LabLoader.Inspection inspection = LOADER.inspect(folder);

            assertThat(inspection.problems()).extracting(LabProblem::message).contains("'difficulty' must be text")
                    .noneMatch(m -> m.contains("java."));
        } finally {
            delete(folder.getParent());
        }
    }

    /** A fresh copy of the template lab with this lab.yaml, plus links that lead outside its folder. */
    private static Path labFolder(Content yaml) throws IOException {
        Path parent = Files.createDirectory(root.resolve("try-" + labs++));
        Path folder = Files.createDirectories(parent.resolve("broken-lab"));
        Files.createDirectories(folder.resolve("steps"));
        for (String file : List.of("vm1.xml", "steps/first.md", "steps/second.md")) {
            Files.copy(TEMPLATE.resolve(file), folder.resolve(file));
        }
        Files.createSymbolicLink(folder.resolve("steps/link.md"), root.resolve("outside.md"));
        Files.createSymbolicLink(folder.resolve("link.xml"), root.resolve("outside.md"));
        Files.createSymbolicLink(folder.resolve("steps/dirlink"), root.resolve("outside-dir"));
        Files.createLink(folder.resolve("steps/huge.md"), root.resolve("huge.md"));
        Files.writeString(parent.resolve("outside.md"), SECRET + "\n");
        Files.write(folder.resolve("lab.yaml"), yaml.bytes());
        return folder;
    }
}
