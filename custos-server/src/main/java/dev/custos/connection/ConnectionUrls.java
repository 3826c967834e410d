package dev.custos.connection;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import dev.custos.platform.web.CustosException;
import dev.custos.tool.ToolSettings;

/** The one rule for a URL a connection sends a token to: https, or plain http on this machine only. */
final class ConnectionUrls {

    private ConnectionUrls() {
    }

    /** The URL, or a problem of {@code type} saying what {@code field} must be. */
    static URI https(String raw, String type, String field) {
        try {
            URI url = new URI(raw.strip());
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            boolean loopback = url.getHost() != null && ToolSettings.isLoopback(url.getHost());
            if (url.getHost() == null || url.getUserInfo() != null || url.getFragment() != null
                    || !(scheme.equals("https") || scheme.equals("http") && loopback) || raw.length() > 2000) {
                throw new URISyntaxException(raw, "not allowed");
            }
            return url;
        } catch (URISyntaxException e) {
            throw CustosException.invalid(type, field + " must be an https URL (plain http only on this machine), "
                    + "without a user name or fragment.");
        }
    }
}
