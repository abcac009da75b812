package org.kvmlab.guide;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.kvmlab.guide.Markdown.Section;

/** The table of contents: a guide's level-2 headings with exactly the ids the rendered page gives them. */
class GuideSectionsTest {

    @Test
    void onlyLevelTwoHeadingsInOrderWithTheirPlainText() {
        String md = "# Title\n\nIntro.\n\n## First *part*\n\n### Detail\n\ntext\n\n## Use `cache='none'`\n\n"
                + "#### Deep\n\n## Last\n";

        assertThat(Markdown.sections(md)).containsExactly(new Section("first-part", "First part"),
                new Section("use-cachenone", "Use cache='none'"), new Section("last", "Last"));
    }

    @Test
    void idsAreTheRenderedOnesAlsoForRepeatedHeadings() {
        String md = "## Sources\n\n### Sources\n\n## Sources\n";

        assertThat(Markdown.sections(md)).extracting(Section::id).containsExactly("sources", "sources-2");
        String html = Markdown.toHtml(md);
        assertThat(html).contains("<h2 id=\"sources\">", "<h3 id=\"sources-1\">", "<h2 id=\"sources-2\">");
    }

    @Test
    void headingsInsideCodeBlocksAndQuotesAreHandled() {
        String md = "```sh\n## not a heading\n```\n\n> ## Quoted\n\n## Real\n";

        assertThat(Markdown.sections(md)).containsExactly(new Section("quoted", "Quoted"), new Section("real", "Real"));
    }

    @Test
    void headingTextIsKeptAsTextNotMarkup() {
        assertThat(Markdown.sections("## <script>alert(1)</script> & more\n")).singleElement()
                .satisfies(s -> assertThat(s.title()).doesNotContain("<script>"));
        assertThat(Markdown.sections("## A `<disk>` element\n")).singleElement()
                .satisfies(s -> assertThat(s.title()).isEqualTo("A <disk> element"));
    }

    @Test
    void noHeadingsNoSections() {
        assertThat(Markdown.sections("# Only a title\n\ntext\n")).isEmpty();
        assertThat(Markdown.sections(null)).isEmpty();
    }

    @Test
    void everyRealGuideHasATocWhoseIdsAreItsAnchors() {
        GuideLibrary library = new GuideLibrary(Path.of("guides"));
        assertThat(library.names()).isNotEmpty();
        for (String name : library.names()) {
            GuideLibrary.Guide guide = library.find(name).orElseThrow();
            assertThat(guide.sections()).as(name).isNotEmpty();
            assertThat(library.anchors(name)).as(name).containsAll(guide.sections().stream().map(Section::id).toList());
            guide.sections().forEach(s -> assertThat(guide.html()).as(name).contains("<h2 id=\"" + s.id() + "\">"));
        }
    }

    @Test
    void storageGuideTocListsTheSectionsLabsLinkTo() {
        GuideLibrary.Guide storage = new GuideLibrary(Path.of("guides")).find("storage").orElseThrow();

        assertThat(storage.sections()).extracting(Section::id).startsWith("cache-mode-none", "native-or-io_uring-io",
                "iothreads");
        assertThat(storage.sections()).first().isEqualTo(new Section("cache-mode-none", "Cache mode none"));
    }
}
