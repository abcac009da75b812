package org.kvmlab.catalog;

import java.util.List;
import java.util.stream.Collectors;

/** A lab that cannot be loaded, with every problem found in it. */
public class LabException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<LabProblem> problems;

    public LabException(List<LabProblem> problems) {
        super(problems.stream().map(LabProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<LabProblem> problems() {
        return problems;
    }
}
