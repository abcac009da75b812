package org.kvmlab.guide;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which labs practise which guide, read from the guide links of their checks ({@code /guides/<name>#<anchor>}).
 * Labs are given as plain facts rather than catalog types: the catalog already depends on this package to
 * validate those links, and the dependency should not run both ways.
 */
public final class GuideLabIndex {

    private static final Pattern LINK = Pattern.compile("/guides/([a-z0-9][a-z0-9-]{0,63})(?:#(.+))?");

    /** A lab that grades something in a guide; a coming lab is listed but cannot be started yet. */
    public record LabRef(String id, String title, boolean coming) {
    }

    private final Map<String, List<LabRef>> byGuide;
    private final Map<String, List<LabRef>> bySection;

    private GuideLabIndex(Map<String, Set<LabRef>> byGuide, Map<String, Set<LabRef>> bySection) {
        this.byGuide = frozen(byGuide);
        this.bySection = frozen(bySection);
    }

    private static Map<String, List<LabRef>> frozen(Map<String, Set<LabRef>> labs) {
        Map<String, List<LabRef>> copy = new LinkedHashMap<>();
        labs.forEach((key, refs) -> copy.put(key, List.copyOf(refs)));
        return Collections.unmodifiableMap(copy);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The labs with a check that links into this guide, each once, in the order they were added. */
    public List<LabRef> labs(String guide) {
        return byGuide.getOrDefault(guide, List.of());
    }

    /** The labs with a check that links to this section of the guide. */
    public List<LabRef> labs(String guide, String anchor) {
        return bySection.getOrDefault(guide + "#" + anchor, List.of());
    }

    /** Collects labs and the guide links of their checks; the index it builds does not change afterwards. */
    public static final class Builder {
        private final Map<String, Set<LabRef>> byGuide = new LinkedHashMap<>();
        private final Map<String, Set<LabRef>> bySection = new LinkedHashMap<>();

        private Builder() {
        }

        /** Adds a lab; links that are not guide links are ignored, repeated ones count once. */
        public Builder lab(String id, String title, boolean coming, Collection<String> guideLinks) {
            LabRef lab = new LabRef(id, title, coming);
            for (String link : guideLinks) {
                var m = link == null ? null : LINK.matcher(link);
                if (m == null || !m.matches()) {
                    continue;
                }
                byGuide.computeIfAbsent(m.group(1), k -> new LinkedHashSet<>()).add(lab);
                if (m.group(2) != null) {
                    bySection.computeIfAbsent(m.group(1) + "#" + m.group(2), k -> new LinkedHashSet<>())
                            .add(lab);
                }
            }
            return this;
        }

        public GuideLabIndex build() {
            return new GuideLabIndex(byGuide, bySection);
        }
    }
}
