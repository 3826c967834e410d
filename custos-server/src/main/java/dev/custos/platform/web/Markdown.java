package dev.custos.platform.web;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.NodeRenderer;
import org.commonmark.renderer.html.DefaultUrlSanitizer;
import org.commonmark.renderer.html.HtmlNodeRendererContext;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.HtmlWriter;
import org.commonmark.renderer.html.UrlSanitizer;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Markdown as agents write it, rendered to HTML for the dashboard (pages pass the HTML to their templates). What a
 * model writes is untrusted: raw HTML in it is shown as text, links may only be http(s) or mailto, and an image is
 * never fetched: it is shown as a link naming its host, which the reader follows only if they choose to. (A prompt
 * injection's favourite exfiltration is an image whose address carries the conversation to an attacker's host.)
 */
@Component
public class Markdown {

    private static final UrlSanitizer URLS = new DefaultUrlSanitizer(List.of("http", "https", "mailto"));

    private final Parser parser = Parser.builder().build();
    private final HtmlRenderer renderer = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true)
            .urlSanitizer(URLS).softbreak("<br>")
            .nodeRendererFactory(ImageAsLink::new)
            .attributeProviderFactory(context -> (node, tag, attributes) -> {
                if (node instanceof Link) {
                    attributes.put("rel", "nofollow noopener noreferrer");
                }
            })
            .build();

    public String html(@Nullable Object text) {
        return text == null ? "" : renderer.render(parser.parse(text.toString()));
    }

    /** Renders {@code ![alt](url)} as a link "Image: alt (host)" instead of an {@code <img>}. */
    private static final class ImageAsLink implements NodeRenderer {
        private final HtmlNodeRendererContext context;
        private final HtmlWriter html;

        ImageAsLink(HtmlNodeRendererContext context) {
            this.context = context;
            this.html = context.getWriter();
        }

        @Override
        public Set<Class<? extends Node>> getNodeTypes() {
            return Set.of(Image.class);
        }

        @Override
        public void render(Node node) {
            Image image = (Image) node;
            String destination = URLS.sanitizeImageUrl(image.getDestination());
            String alt = altText(image);
            html.tag("span", Map.of("class", "model-image"));
            html.text("Image not loaded: " + (alt.isBlank() ? "untitled" : alt) + " ");
            html.tag("a", context.extendAttributes(node, "a", Map.of("href", context.encodeUrl(destination),
                    "rel", "nofollow noopener noreferrer", "target", "_blank",
                    "title", "Opens " + destination + " in a new tab")));
            html.text("(open from " + host(destination) + ")");
            html.tag("/a");
            html.tag("/span");
        }

        private static String altText(Image image) {
            var alt = new StringBuilder();
            for (Node child = image.getFirstChild(); child != null; child = child.getNext()) {
                if (child instanceof Text text) {
                    alt.append(text.getLiteral());
                }
            }
            return alt.toString();
        }

        private static String host(String destination) {
            try {
                String host = URI.create(destination).getHost();
                return host == null ? "this site" : host;
            } catch (IllegalArgumentException e) {
                return "an unreadable address";
            }
        }
    }
}
