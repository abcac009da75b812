package org.kvmlab.guide;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.commonmark.Extension;
import org.commonmark.ext.heading.anchor.HeadingAnchorExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.Heading;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.DefaultUrlSanitizer;
import org.commonmark.renderer.html.HtmlRenderer;


/**
 * Markdown to safe HTML with commonmark-java: raw HTML in the source is escaped, not passed through, and
 * link and image URLs may only be relative or use http, https or mailto (javascript:, data:, file:, … are
 * dropped). Headings get stable ids so that checks can link to a guide section.
 */
public final class Markdown {

    private static final List<Extension> EXTENSIONS = List.of(HeadingAnchorExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder()
            .extensions(EXTENSIONS)
            .escapeHtml(true)
            .sanitizeUrls(true)
            .urlSanitizer(new DefaultUrlSanitizer(List.of("http", "https", "mailto")))
            .build();


    private Markdown() {
    }

    /** Renders Markdown to HTML that is safe to put in a page. */
    public static String toHtml(String markdown) {
        return RENDERER.render(PARSER.parse(markdown == null ? "" : markdown));
    }

    /** Something in Markdown that will not show as the author meant, at a 1-based line. */
    public record Finding(int line, String message) {
    }

    private static final Parser SPANNED = Parser.builder().extensions(EXTENSIONS)
            .includeSourceSpans(org.commonmark.parser.IncludeSourceSpans.BLOCKS_AND_INLINES).build();

    /**
     * Parts of author Markdown that kvmlab will not render: raw HTML (escaped and shown as text), links with
     * a scheme other than http, https or mailto (dropped), and images (not served with labs).
     */
    public static List<Finding> unsafeParts(String markdown) {
        List<Finding> findings = new ArrayList<>();
        SPANNED.parse(markdown == null ? "" : markdown).accept(new AbstractVisitor() {
            @Override
            public void visit(org.commonmark.node.HtmlBlock html) {
                if (looksLikeHtml(html.getLiteral())) {
                    add(html, "raw HTML is shown as text, not rendered: write it in Markdown");
                }
            }

            @Override
            public void visit(org.commonmark.node.HtmlInline html) {
                if (looksLikeHtml(html.getLiteral())) {
                    add(html, "raw HTML (" + html.getLiteral() + ") is shown as text, not rendered: write it in"
                            + " Markdown");
                }
            }

            @Override
            public void visit(org.commonmark.node.Link link) {
                if (!safeUrl(link.getDestination())) {
                    add(link, "link '" + link.getDestination() + "' is removed: only http, https, mailto and"
                            + " relative links are kept");
                }
                visitChildren(link);
            }

            @Override
            public void visit(org.commonmark.node.Image image) {
                add(image, "images are not served with labs; describe the picture in words or link to it");
            }

            private void add(org.commonmark.node.Node node, String message) {
                List<org.commonmark.node.SourceSpan> spans = node.getSourceSpans();
                findings.add(new Finding(spans.isEmpty() ? 0 : spans.get(0).getLineIndex() + 1, message));
            }
        });
        return findings;
    }

    private static final java.util.regex.Pattern HTML_TAG = java.util.regex.Pattern.compile(
            "(?is)<!--.*|<\\s*/?\\s*(a|abbr|b|br|button|code|details|div|em|embed|form|h[1-6]|hr|i|iframe|img|input"
                    + "|kbd|li|link|meta|object|ol|p|pre|script|small|span|strong|style|sub|summary|sup|svg|table|td"
                    + "|th|tr|u|ul|video)\\b.*|.*\\bon[a-z]+\\s*=.*|.*javascript:.*");

    /**
     * True for HTML an author may expect to be rendered: an HTML element, a comment, an event handler or a
     * javascript: URL. Domain XML such as {@code <driver type='qcow2'/>} in prose is meant as text, and shows
     * as text.
     */
    static boolean looksLikeHtml(String literal) {
        return HTML_TAG.matcher(literal.strip()).matches();
    }

    /** True for relative URLs and for http, https and mailto: what the renderer keeps. */
    static boolean safeUrl(String url) {
        int colon = url.indexOf(':');
        int end = url.length();
        for (char c : new char[] {'/', '?', '#'}) {
            int at = url.indexOf(c);
            end = at >= 0 ? Math.min(end, at) : end;
        }
        if (colon < 0 || colon > end) {
            return true;
        }
        String scheme = url.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
        return scheme.equals("http") || scheme.equals("https") || scheme.equals("mailto");
    }

    private static final java.util.regex.Pattern HEADING_ID = java.util.regex.Pattern.compile(
            "<h[1-6] id=\"([^\"]+)\"");

    /** The ids the rendered headings get, in order (the targets of {@code #anchor} links). */
    public static Set<String> headingIds(String markdown) {
        return new java.util.LinkedHashSet<>(renderedIds(toHtml(markdown)));
    }

    private static List<String> renderedIds(String html) {
        List<String> ids = new ArrayList<>();
        var matcher = HEADING_ID.matcher(html);
        while (matcher.find()) {
            ids.add(matcher.group(1));
        }
        return ids;
    }

    /** A level-2 heading: one entry of a guide's table of contents, with the id its {@code #anchor} targets. */
    public record Section(String id, String title) {
    }

    /**
     * The level-2 headings in order. Ids are read back from the rendered HTML rather than generated again, so
     * they are exactly the ids the page has and lab checks link to, however the anchor extension makes them.
     */
    public static List<Section> sections(String markdown) {
        org.commonmark.node.Node document = PARSER.parse(markdown == null ? "" : markdown);
        List<Heading> headings = headings(document);
        List<String> ids = renderedIds(RENDERER.render(document));
        if (ids.size() != headings.size()) {
            throw new IllegalStateException("headings and rendered heading ids differ: " + headings.size()
                    + " headings, ids " + ids);
        }
        List<Section> sections = new ArrayList<>();
        for (int i = 0; i < headings.size(); i++) {
            if (headings.get(i).getLevel() == 2) {
                sections.add(new Section(ids.get(i), plainText(headings.get(i))));
            }
        }
        return sections;
    }

    /** The plain text of the first level-1 heading, or null. */
    public static String title(String markdown) {
        return headings(PARSER.parse(markdown == null ? "" : markdown)).stream()
                .filter(h -> h.getLevel() == 1).findFirst().map(Markdown::plainText).orElse(null);
    }

    /** Every heading in document order, at any depth (also inside block quotes and lists). */
    private static List<Heading> headings(org.commonmark.node.Node document) {
        List<Heading> headings = new ArrayList<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Heading heading) {
                headings.add(heading);
            }
        });
        return headings;
    }

    private static String plainText(Heading heading) {
        StringBuilder text = new StringBuilder();
        heading.accept(new AbstractVisitor() {
            @Override
            public void visit(Text t) {
                text.append(t.getLiteral());
            }

            @Override
            public void visit(Code c) {
                text.append(c.getLiteral());
            }
        });
        return text.toString().strip();
    }
}
