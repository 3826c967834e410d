package dev.custos.platform.web;

import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.DefaultUrlSanitizer;
import org.commonmark.renderer.html.HtmlRenderer;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Markdown as agents write it, rendered to HTML for the dashboard (pages pass the HTML to their templates). What a
 * model writes is untrusted: raw HTML in it is shown as text, and links may only be http(s) or mailto.
 */
@Component
public class Markdown {

    private final Parser parser = Parser.builder().build();
    private final HtmlRenderer renderer = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true)
            .urlSanitizer(new DefaultUrlSanitizer(java.util.List.of("http", "https", "mailto")))
            .softbreak("<br>").build();

    public String html(@Nullable Object text) {
        return text == null ? "" : renderer.render(parser.parse(text.toString()));
    }
}
