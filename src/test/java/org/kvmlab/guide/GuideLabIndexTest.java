package org.kvmlab.guide;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kvmlab.guide.GuideLabIndex.LabRef;

/** Which labs practise a guide and which grade each of its sections, from the guide links of their checks. */
class GuideLabIndexTest {

    static final LabRef STORAGE = new LabRef("storage-performance", "Storage performance", false);
    static final LabRef CHAINS = new LabRef("backing-chains", "Backing chains", false);
    static final LabRef BOOT = new LabRef("trusted-boot", "Trusted boot", true);

    final GuideLabIndex index = GuideLabIndex.builder()
            .lab(STORAGE.id(), STORAGE.title(), false, List.of("/guides/storage#cache-mode-none",
                    "/guides/storage#iothreads", "/guides/storage#cache-mode-none"))
            .lab(CHAINS.id(), CHAINS.title(), false, List.of("/guides/backing-chains#vet-untrusted-images",
                    "/guides/storage#pools-and-qcow2-volumes"))
            .lab(BOOT.id(), BOOT.title(), true, List.of("/guides/secure-boot#launch-security"))
            .build();

    @Test
    void guideListsEachLabThatLinksIntoItOnceInOrder() {
        assertThat(index.labs("storage")).containsExactly(STORAGE, CHAINS);
        assertThat(index.labs("backing-chains")).containsExactly(CHAINS);
    }

    @Test
    void sectionListsOnlyTheLabsGradingIt() {
        assertThat(index.labs("storage", "cache-mode-none")).containsExactly(STORAGE);
        assertThat(index.labs("storage", "pools-and-qcow2-volumes")).containsExactly(CHAINS);
        assertThat(index.labs("storage", "throttle-io")).isEmpty();
        assertThat(index.labs("backing-chains", "cache-mode-none")).isEmpty();
    }

    @Test
    void comingLabsAreListedAndMarked() {
        assertThat(index.labs("secure-boot")).singleElement().satisfies(l -> assertThat(l.coming()).isTrue());
        assertThat(index.labs("secure-boot", "launch-security")).containsExactly(BOOT);
    }

    @Test
    void unknownGuidesHaveNoLabs() {
        assertThat(index.labs("networking")).isEmpty();
        assertThat(index.labs(null)).isEmpty();
        assertThat(index.labs("storage", null)).isEmpty();
    }

    @Test
    void linksThatAreNotGuideLinksAreIgnored() {
        GuideLabIndex odd = GuideLabIndex.builder().lab("x", "X", false, Arrays.asList(null, "", "storage.md#iothreads",
                "https://example.org/guides/storage#iothreads", "/guides/../etc#x", "/guides/Storage#iothreads",
                "/guides/cpu")).build();

        assertThat(odd.labs("storage")).isEmpty();
        assertThat(odd.labs("storage", "iothreads")).isEmpty();
        assertThat(odd.labs("cpu")).extracting(LabRef::id).containsExactly("x");
    }

    @Test
    void theBuiltIndexDoesNotChangeWhenTheBuilderGoesOn() {
        GuideLabIndex.Builder builder = GuideLabIndex.builder().lab("a", "A", false, List.of("/guides/cpu#pinning"));
        GuideLabIndex built = builder.build();
        builder.lab("b", "B", false, List.of("/guides/cpu#pinning"));

        assertThat(built.labs("cpu")).extracting(LabRef::id).containsExactly("a");
        assertThat(built.labs("cpu", "pinning")).extracting(LabRef::id).containsExactly("a");
    }
}
