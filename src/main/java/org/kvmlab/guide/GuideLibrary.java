package org.kvmlab.guide;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The best-practice guides: one Markdown file per topic in the guides folder, served at
 * {@code /guides/<name>}. Names are restricted to a safe pattern, so a request can never leave the folder.
 */
public final class GuideLibrary {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private final Path folder;

    public GuideLibrary(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
    }

    /** A guide rendered for the web, with its level-2 sections for the table of contents. */
    public record Guide(String name, String title, String html, List<Markdown.Section> sections) {
        public Guide {
            sections = List.copyOf(sections);
        }
    }

    /** The guide with this name, or empty when there is none (or the name is not a guide name). */
    public Optional<Guide> find(String name) {
        return markdown(name).map(md -> new Guide(name, Optional.ofNullable(Markdown.title(md)).orElse(name),
                Markdown.toHtml(md), Markdown.sections(md)));
    }

    /** Names of all guides, sorted. */
    public List<String> names() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(f -> f.endsWith(".md"))
                    .map(f -> f.substring(0, f.length() - 3))
                    .filter(n -> NAME.matcher(n).matches())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The section anchors of a guide; empty when the guide does not exist. */
    public Set<String> anchors(String name) {
        return markdown(name).map(Markdown::headingIds).orElse(Set.of());
    }

    public boolean exists(String name) {
        return markdown(name).isPresent();
    }

    private Optional<String> markdown(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        Path file = folder.resolve(name + ".md");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
