package org.kvmlab.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.kvmlab.guide.GuideLibrary;
import org.kvmlab.testing.Labs;

/** The curriculum's practices are numbered 1 to 39, and each points at a guide section that exists. */
class PracticesTest {

    @Test
    void practicesAreNumberedWithoutGaps() {
        assertThat(Practices.all()).extracting(Practices.Practice::n)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 39).boxed().toList());
    }

    @Test
    void everyPracticeLinksToAnExistingGuideSection() {
        GuideLibrary guides = Labs.guides();
        for (Practices.Practice p : Practices.all()) {
            String[] link = p.guide().replace(".md", "").split("#");
            assertThat(guides.anchors(link[0])).as("practice " + p.n() + " → " + p.guide()).contains(link[1]);
        }
    }
}
