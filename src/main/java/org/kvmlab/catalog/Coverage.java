package org.kvmlab.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kvmlab.catalog.Practices.Practice;

/**
 * Which practices the labs grade: for each of the curriculum's practices, the checks that name it, split
 * into labs a student can take now and labs that are still coming.
 */
public final class Coverage {

    /**
     * The checks of one lab that grade a practice; {@code changing} are those that fail on the untouched
     * guest and pass once the learner applies the practice (the others guard what the platform enforces).
     */
    public record Grading(String lab, boolean available, List<String> checks, List<String> changing) {
    }

    /** One practice and who grades it. */
    public record Row(Practice practice, List<Grading> gradings) {
        public boolean graded() {
            return gradings.stream().anyMatch(Grading::available);
        }

        public boolean gradedWhenComing() {
            return !gradings.isEmpty();
        }

        /** Graded by an available lab with a check the learner's own change turns from failing to passing. */
        public boolean gradedByChange() {
            return gradings.stream().anyMatch(g -> g.available() && !g.changing().isEmpty());
        }
    }

    private final List<Row> rows;

    public Coverage(List<Lab> labs) {
        List<Row> all = new ArrayList<>();
        for (Practice p : Practices.all()) {
            List<Grading> gradings = new ArrayList<>();
            for (Lab lab : labs) {
                List<LabCheck> checks = lab.checks().stream().filter(c -> c.practices().contains(p.n())).toList();
                if (!checks.isEmpty()) {
                    gradings.add(new Grading(lab.id(), lab.available(), checks.stream().map(LabCheck::id).toList(),
                            checks.stream().filter(c -> c.passesAtStart().isEmpty()).map(LabCheck::id).toList()));
                }
            }
            all.add(new Row(p, gradings));
        }
        this.rows = List.copyOf(all);
    }

    public List<Row> rows() {
        return rows;
    }

    public long graded() {
        return rows.stream().filter(Row::graded).count();
    }

    /** The report {@code ./kvmlab lint --coverage} prints. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%3s  %-66s  %s%n", "#", "practice", "graded by (lab: checks)"));
        for (Row row : rows) {
            Map<Boolean, List<String>> parts = new LinkedHashMap<>();
            for (Grading g : row.gradings()) {
                List<String> named = g.checks().stream().map(c -> g.changing().contains(c) ? c : c + "*").toList();
                parts.computeIfAbsent(g.available(), k -> new ArrayList<>()).add(g.lab() + ": "
                        + String.join(", ", named) + (g.available() ? "" : " [coming]"));
            }
            List<String> cells = new ArrayList<>(parts.getOrDefault(true, List.of()));
            cells.addAll(parts.getOrDefault(false, List.of()));
            String title = row.practice().title();
            out.append(String.format("%3d  %-66s  %s%n", row.practice().n(),
                    title.length() > 66 ? title.substring(0, 65) + "…" : title,
                    cells.isEmpty() ? "-- not graded --" : String.join("; ", cells)));
        }
        long coming = rows.stream().filter(r -> !r.graded() && r.gradedWhenComing()).count();
        out.append(String.format("%n* passes on the untouched guest (passesAtStart): it guards what kvmlab enforces.%n"));
        out.append(String.format("%d of %d practices are graded by labs students can take now", graded(),
                rows.size()));
        if (coming > 0) {
            out.append(String.format("; %d more by labs that are coming", coming));
        }
        out.append(String.format(".%n%d of them by a check that only passes once the learner applies the practice.%n",
                rows.stream().filter(Row::gradedByChange).count()));
        return out.toString();
    }
}
