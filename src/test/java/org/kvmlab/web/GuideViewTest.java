package org.kvmlab.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kvmlab.catalog.Lab;
import org.kvmlab.catalog.LabCatalog;
import org.kvmlab.guide.GuideLabIndex;
import org.kvmlab.guide.GuideLabIndex.LabRef;
import org.kvmlab.testing.Labs;

/** The guide pages' links to labs, built from the repository's real catalog. */
class GuideViewTest {

    static final LabCatalog CATALOG = Labs.catalog();
    static final GuideLabIndex INDEX = GuideView.index(CATALOG.all());

    @Test
    void storageGuideIsPractisedInTheStorageLabAndItsSectionsSayWhichGradeThem() {
        assertThat(INDEX.labs("storage")).extracting(LabRef::id).contains("storage-performance");
        assertThat(INDEX.labs("storage", "cache-mode-none")).extracting(LabRef::id).contains("storage-performance");
        assertThat(INDEX.labs("storage", "sources")).isEmpty();
    }

    @Test
    void comingLabsAreMarkedComing() {
        Lab trustedBoot = CATALOG.find("trusted-boot").orElseThrow();
        assertThat(trustedBoot.available()).isFalse();

        assertThat(INDEX.labs("secure-boot")).contains(new LabRef("trusted-boot", trustedBoot.title(), true));
        assertThat(INDEX.labs("storage")).filteredOn(l -> l.id().equals("storage-performance")).singleElement()
                .satisfies(l -> assertThat(l.coming()).isFalse());
    }

    @Test
    void everyGuideLinkOfEveryCheckIsIndexed() {
        for (Lab lab : CATALOG.all()) {
            lab.checks().forEach(check -> {
                String[] link = check.guide().substring("/guides/".length()).split("#", 2);
                assertThat(INDEX.labs(link[0], link[1])).as(check.guide()).extracting(LabRef::id).contains(lab.id());
            });
        }
    }

    @Test
    void noGuideIsForAuthorsByAccidentAndAuthoringIsNotPractised() {
        assertThat(GuideView.FOR_AUTHORS).containsExactly("authoring");
        assertThat(INDEX.labs("authoring")).isEmpty();
    }

    @Test
    void practisedInCountsLabsAndComingOnes() {
        LabRef a = new LabRef("a", "A", false);
        LabRef b = new LabRef("b", "B", true);

        assertThat(GuideView.practisedIn(List.of())).isEqualTo("no lab practises it yet");
        assertThat(GuideView.practisedIn(List.of(a))).isEqualTo("practised in 1 lab");
        assertThat(GuideView.practisedIn(List.of(a, b))).isEqualTo("practised in 2 labs (1 coming)");
    }
}
