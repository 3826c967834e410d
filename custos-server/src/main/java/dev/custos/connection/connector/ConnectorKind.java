package dev.custos.connection.connector;

import java.net.URI;
import java.util.Arrays;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;
import org.jspecify.annotations.Nullable;

/**
 * A built-in connector and where its service lives by default (an installation admin may point it elsewhere, e.g.
 * at GitHub Enterprise Server).
 *
 * @param pkce        whether the service checks a PKCE code challenge (RFC 7636) in its authorization code flow
 * @param oauthScopes what Custos asks for at consent: enough for every operation; the connection's scope then
 *                    decides which of them an agent may use
 */
public enum ConnectorKind {
    GITHUB("github", "GitHub", "https://github.com/login/oauth/authorize",
            "https://github.com/login/oauth/access_token", "https://api.github.com", true, "repo"),
    SLACK("slack", "Slack", "https://slack.com/oauth/v2/authorize", "https://slack.com/api/oauth.v2.access",
            "https://slack.com/api", false, "app_mentions:read,channels:history,chat:write,search:read"),
    NOTION("notion", "Notion", "https://api.notion.com/v1/oauth/authorize", "https://api.notion.com/v1/oauth/token",
            "https://api.notion.com", false, null);

    private final String key;
    private final String label;
    private final URI authorizeUrl;
    private final URI tokenUrl;
    private final URI apiUrl;
    private final boolean pkce;
    private final @Nullable String oauthScopes;

    ConnectorKind(String key, String label, String authorizeUrl, String tokenUrl, String apiUrl, boolean pkce,
                  @Nullable String oauthScopes) {
        this.key = key;
        this.label = label;
        this.authorizeUrl = URI.create(authorizeUrl);
        this.tokenUrl = URI.create(tokenUrl);
        this.apiUrl = URI.create(apiUrl);
        this.pkce = pkce;
        this.oauthScopes = oauthScopes;
    }

    @JsonValue
    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    public URI authorizeUrl() {
        return authorizeUrl;
    }

    public URI tokenUrl() {
        return tokenUrl;
    }

    public URI apiUrl() {
        return apiUrl;
    }

    public boolean pkce() {
        return pkce;
    }

    public @Nullable String oauthScopes() {
        return oauthScopes;
    }

    public static Optional<ConnectorKind> of(String key) {
        return Arrays.stream(values()).filter(kind -> kind.key.equals(key)).findFirst();
    }
}
