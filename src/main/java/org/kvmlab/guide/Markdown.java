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

    /** The ids the rendered headings get, in order (the targets of {@code #anchor} links). */
    public static Set<String> headingIds(String markdown) {
        String html = toHtml(markdown);
        Set<String> ids = new java.util.LinkedHashSet<>();
        var matcher = java.util.regex.Pattern.compile("<h[1-6] id=\"([^\"]+)\"").matcher(html);
        while (matcher.find()) {
            ids.add(matcher.group(1));
        }
        return ids;
    }

    /** The plain text of the first level-1 heading, or null. */
    public static String title(String markdown) {
        List<String> titles = new ArrayList<>();
        PARSER.parse(markdown == null ? "" : markdown).accept(new AbstractVisitor() {
            @Override
            public void visit(Heading heading) {
                if (heading.getLevel() == 1 && titles.isEmpty()) {
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
                    titles.add(text.toString().strip());
                }
            }
        });
        return titles.isEmpty() ? null : titles.get(0);
    }
}
