package dev.custos.connection.connector;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

import dev.custos.tool.ToolSettings;

/** The one rule for a URL a token or a client secret is sent to: https, or plain http on this machine only. */
public final class HttpsUrls {

    private HttpsUrls() {
    }

    /** The URL when it follows the rule (no user name, no fragment, at most 2,000 characters); else empty. */
    public static Optional<URI> parse(String raw) {
        try {
            URI url = new URI(raw.strip());
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            boolean loopback = url.getHost() != null && ToolSettings.isLoopback(url.getHost());
            if (url.getHost() == null || url.getUserInfo() != null || url.getFragment() != null
                    || !(scheme.equals("https") || scheme.equals("http") && loopback) || raw.length() > 2000) {
                return Optional.empty();
            }
            return Optional.of(url);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
