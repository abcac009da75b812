package org.kvmlab.policy;

import java.util.List;
import java.util.stream.Collectors;

/** Learner input refused by the policy; nothing was changed. */
public class PolicyRefusal extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<PolicyViolation> violations;

    public PolicyRefusal(List<PolicyViolation> violations) {
        super(violations.stream().map(PolicyViolation::describe).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public List<PolicyViolation> violations() {
        return violations;
    }
}
