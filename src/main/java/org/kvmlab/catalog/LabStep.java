package org.kvmlab.catalog;

import java.util.List;

/** One step: Markdown instructions (from {@code textFile} in the lab folder), hints, the checks that grade it and a reference solution. */
public record LabStep(String id, String title, String markdown, List<String> hints, List<LabCheck> checks,
                      List<SolutionOperation> solution, String textFile) {

    public LabStep {
        hints = List.copyOf(hints);
        checks = List.copyOf(checks);
        solution = List.copyOf(solution);
    }
}
