package org.kvmlab.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * All labs found in the labs folder. A lab with problems is left out of the catalog (and its problems
 * logged): a broken lab must never reach a student.
 */
public final class LabCatalog {

    private static final Logger LOG = Logger.getLogger(LabCatalog.class.getName());

    private final Map<String, Lab> labs;
    private final List<LabProblem> problems;

    private LabCatalog(Map<String, Lab> labs, List<LabProblem> problems) {
        this.labs = Collections.unmodifiableMap(labs);
        this.problems = List.copyOf(problems);
    }

    /** Loads every {@code <folder>/<id>/lab.yaml}. */
    public static LabCatalog load(Path folder, LabLoader loader) {
        Map<String, Lab> labs = new LinkedHashMap<>();
        List<LabProblem> problems = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            LOG.warning(() -> "labs folder " + folder + " does not exist: the catalog is empty");
            return new LabCatalog(labs, problems);
        }
        try (Stream<Path> dirs = Files.list(folder)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                try {
                    Lab lab = loader.load(dir);
                    labs.put(lab.id(), lab);
                } catch (LabException e) {
                    problems.addAll(e.problems());
                    LOG.severe(() -> "lab " + dir.getFileName() + " is broken and left out:\n" + e.getMessage());
                } catch (RuntimeException e) {
                    // one lab the loader trips over must not take the catalog down
                    problems.add(new LabProblem(dir.getFileName() + "/lab.yaml", 0, 0, "cannot be loaded: " + e));
                    LOG.log(java.util.logging.Level.SEVERE, "lab " + dir.getFileName() + " cannot be loaded", e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new LabCatalog(labs, problems);
    }

    public List<Lab> all() {
        return List.copyOf(labs.values());
    }

    public Optional<Lab> find(String id) {
        return Optional.ofNullable(id == null ? null : labs.get(id));
    }

    /** Problems of the labs left out. */
    public List<LabProblem> problems() {
        return problems;
    }
}
