package org.kvmlab.guide;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Markdown renders safe HTML: raw HTML escaped, dangerous link schemes neutralised, stable heading ids. */
class MarkdownTest {

    // --- raw HTML is escaped -----------------------------------------------------------------------------

    @Test
    void scriptTagIsEscaped() {
        String html = Markdown.toHtml("Hello\n\n<script>alert(document.cookie)</script>\n");

        assertThat(html).doesNotContain("<script").contains("&lt;script&gt;alert(document.cookie)&lt;/script&gt;");
    }

    @Test
    void inlineHtmlWithEventHandlersIsEscaped() {
        String html = Markdown.toHtml("Hello <b onclick='x()'>bold</b> <img src=x onerror=alert(1)>");

        assertThat(html).doesNotContain("<b ").doesNotContain("<img")
                .contains("&lt;b onclick='x()'&gt;").contains("&lt;img src=x onerror=alert(1)&gt;");
    }

    @Test
    void htmlBlocksAndCommentsAreEscaped() {
        String html = Markdown.toHtml("<div onmouseover=\"steal()\">\n\nhi\n\n</div>\n\n<!-- hidden -->\n\n"
                + "<iframe src=\"https://evil.example\"></iframe>");

        assertThat(html).doesNotContain("<div").doesNotContain("<!--").doesNotContain("<iframe")
                .contains("&lt;div onmouseover=&quot;steal()&quot;&gt;").contains("&lt;!-- hidden --&gt;");
    }

    @Test
    void codeIsEscapedToo() {
        String html = Markdown.toHtml("`<script>` and\n\n```xml\n<disk type='file'/>\n```\n");

        assertThat(html).contains("<code>&lt;script&gt;</code>")
                .contains("<pre><code class=\"language-xml\">&lt;disk type='file'/&gt;\n</code></pre>");
    }

    @Test
    void nullRendersAsEmpty() {
        assertThat(Markdown.toHtml(null)).isEmpty();
        assertThat(Markdown.toHtml("")).isEmpty();
    }

    // --- links ---------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](javascript&#58;alert(1))",
        "[click](javascript:alert(1) \"title\")",
        "[click][ref]\n\n[ref]: javascript:alert(1)",
        "<javascript:alert(1)>",
        "[click](vbscript:msgbox(1))",
        "[click](file:///etc/passwd)"
    })
    void dangerousLinkSchemesAreNeutralised(String markdown) {
        String html = Markdown.toHtml(markdown);

        assertThat(html).contains("<a ").contains("href=\"\"");
        assertThat(html.toLowerCase()).doesNotContain("href=\"javascript").doesNotContain("href=\"vbscript")
                .doesNotContain("href=\"file");
    }

    @Test
    void javascriptImageSourceIsNeutralised() {
        assertThat(Markdown.toHtml("![x](javascript:alert(1))")).contains("<img src=\"\" alt=\"x\" />");
    }

    @Test
    void ordinaryLinksAreKept() {
        String html = Markdown.toHtml("[a](https://libvirt.org/formatdomain.html#hard-drives-floppy-disks-cdroms) "
                + "[b](/guides/paravirtual-devices#virtio-disks) [c](#state-the-disk-format) [d](mailto:a@b.example)");

        assertThat(html).contains("href=\"https://libvirt.org/formatdomain.html#hard-drives-floppy-disks-cdroms\"")
                .contains("href=\"/guides/paravirtual-devices#virtio-disks\"")
                .contains("href=\"#state-the-disk-format\"")
                .contains("href=\"mailto:a@b.example\"");
    }

    @Test
    void linkTextCannotBreakOutOfTheAttribute() {
        String html = Markdown.toHtml("[x](https://a.example/\"onmouseover=\"alert(1))");

        assertThat(html).doesNotContain("\"onmouseover=\"");
    }

    // --- headings ------------------------------------------------------------------------------------------

    @Test
    void headingsGetIdsFromTheirText() {
        String md = "# Paravirtual devices\n\n## Virtio disks\n\n## State the disk format\n\n"
                + "### What's new? (2024)\n\n## Virtio disks\n";

        assertThat(Markdown.toHtml(md)).contains("<h2 id=\"virtio-disks\">Virtio disks</h2>");
        assertThat(Markdown.headingIds(md)).containsExactly("paravirtual-devices", "virtio-disks",
                "state-the-disk-format", "whats-new-2024", "virtio-disks-1");
    }

    @Test
    void headingWithRawHtmlIsEscapedAndGetsAPlainId() {
        String md = "## <script>x</script> Heading";

        assertThat(Markdown.toHtml(md)).contains("&lt;script&gt;").doesNotContain("<script");
        assertThat(Markdown.headingIds(md)).containsExactly("x-heading");
    }

    @Test
    void noHeadingsNoIds() {
        assertThat(Markdown.headingIds("just text, # not a heading")).isEmpty();
        assertThat(Markdown.headingIds(null)).isEmpty();
    }

    @Test
    void titleIsTheFirstLevelOneHeading() {
        assertThat(Markdown.title("Intro\n\n## Second level\n\n# The title\n\n# Another")).isEqualTo("The title");
        assertThat(Markdown.title("## Only second level")).isNull();
        assertThat(Markdown.title("")).isNull();
    }

    @Test
    void dataAndFileUrlsAreDropped() {
        String html = Markdown.toHtml("[x](data:text/html;base64,PHNjcmlwdD4=) ![y](data:image/svg+xml;utf8,<svg/>)"
                + " [z](file:///etc/passwd)");
        assertThat(html).doesNotContain("data:").doesNotContain("file:");
    }

    @Test
    void relativeAndMailtoLinksAreKept() {
        assertThat(Markdown.toHtml("[g](/guides/x#y) [m](mailto:a@b.org)"))
                .contains("href=\"/guides/x#y\"").contains("href=\"mailto:a@b.org\"");
    }

    @Test
    void titleKeepsFormattedWords() {
        assertThat(Markdown.title("# Why *virtio* `wins`\n")).isEqualTo("Why virtio wins");
        assertThat(Markdown.title(null)).isNull();
    }
}
