package org.kvmlab.catalog;

import java.util.List;

/** One step: Markdown instructions, hints, the checks that grade it and a reference solution. */
public record LabStep(String id, String title, String markdown, List<String> hints, List<LabCheck> checks,
                      List<SolutionOperation> solution) {

    public LabStep {
        hints = List.copyOf(hints);
        checks = List.copyOf(checks);
        solution = List.copyOf(solution);
    }
}
