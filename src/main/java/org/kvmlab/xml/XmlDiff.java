package org.kvmlab.xml;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.util.List;

/**
 * What changes between two XML texts, as the lines of a unified diff ({@code -} removed, {@code +} added,
 * three lines of context), so a learner sees exactly what an Apply did or would do. Built on java-diff-utils.
 */
public final class XmlDiff {

    private XmlDiff() {
    }

    /** The unified diff of two texts, without the file header lines; empty when nothing changed. */
    public static List<String> unified(String before, String after) {
        List<String> a = before.strip().lines().toList();
        List<String> b = after.strip().lines().toList();
        List<String> diff = UnifiedDiffUtils.generateUnifiedDiff("before", "after", a, DiffUtils.diff(a, b), 3);
        return diff.size() <= 2 ? List.of() : List.copyOf(diff.subList(2, diff.size()));
    }
}
