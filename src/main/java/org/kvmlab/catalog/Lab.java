package org.kvmlab.catalog;

import java.util.List;
import java.util.Optional;
import org.kvmlab.policy.PolicySettings;

/**
 * A lab as loaded and validated from {@code labs/<id>/}: what the student learns, the guests it runs on,
 * and the steps with their checks and reference solutions. Ids never change once published: progress is
 * stored against them.
 *
 * @param version the stored version this content is (1, 2, …), or 0 when read straight from a folder
 * @param revealCost points a step's score loses when the learner has its reference solution shown
 * @param workspace how the lab page behaves: continuous checking, keep-alive, longest session
 * @param policy how the lab adapts the learner policy: grants, denied elements and commands, lower caps
 */
public record Lab(String id, String title, String summary, String difficulty, int minutes,
                  List<String> objectives, List<String> tags, Optional<String> coming, List<LabGuest> guests,
                  List<LabStep> steps, int version, int revealCost, Workspace workspace, PolicySettings policy) {

    public Lab {
        objectives = List.copyOf(objectives);
        tags = List.copyOf(tags);
        guests = List.copyOf(guests);
        steps = List.copyOf(steps);
    }

    /** The same content, as the given stored version. */
    public Lab withVersion(int number) {
        return new Lab(id, title, summary, difficulty, minutes, objectives, tags, coming, guests, steps, number,
                revealCost, workspace, policy);
    }

    /** The same content under other policy settings (e.g. a copy of a lab that switches a grant on). */
    public Lab withPolicy(PolicySettings settings) {
        return new Lab(id, title, summary, difficulty, minutes, objectives, tags, coming, guests, steps, version,
                revealCost, workspace, settings);
    }

    public Optional<LabGuest> guest(String name) {
        return guests.stream().filter(g -> g.name().equals(name)).findFirst();
    }

    public Optional<LabStep> step(String stepId) {
        return steps.stream().filter(s -> s.id().equals(stepId)).findFirst();
    }

    /** True when the lab can be started; a coming lab waits for a platform feature, named in {@link #coming}. */
    public boolean available() {
        return coming.isEmpty();
    }

    /** Every check of every step, in order. */
    public List<LabCheck> checks() {
        return steps.stream().flatMap(s -> s.checks().stream()).toList();
    }

    /** Sum of the points of every check in the lab. */
    public int maxScore() {
        return steps.stream().flatMap(s -> s.checks().stream()).mapToInt(LabCheck::points).sum();
    }
}
