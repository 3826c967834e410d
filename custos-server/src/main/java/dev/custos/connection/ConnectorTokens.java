package dev.custos.connection;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.connection.connector.Connector;
import dev.custos.connection.connector.ConnectorKind;
import dev.custos.connection.connector.ConnectorOAuth;
import dev.custos.connection.connector.McpAuthorization;
import dev.custos.connection.connector.UpstreamFailed;
import dev.custos.keys.CredentialVault;
import dev.custos.platform.PersonId;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The access token of an OAuth connection, renewed with its refresh token shortly before it expires (or when the
 * service refused it). A renewal holds the connection's row lock, so that two calls at once do not both spend a
 * refresh token the service accepts only once; the second finds the first's new token.
 */
@Component
class ConnectorTokens {

    private static final Duration EARLY = Duration.ofSeconds(60);
    static final String REFRESH_PURPOSE = "connection.refresh_token";

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final ConnectionRows rows;
    private final ConnectorApps apps;
    private final ConnectorOAuth oauth;
    private final CredentialVault vault;
    private final AuditLog audit;
    private final Clock clock;

    ConnectorTokens(JdbcClient jdbc, Tenancy tenancy, ConnectionRows rows, ConnectorApps apps, ConnectorOAuth oauth,
                    CredentialVault vault, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.rows = rows;
        this.apps = apps;
        this.oauth = oauth;
        this.vault = vault;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Where to call and with which token, renewed first when it expires within a minute, or at once when
     * {@code refused} (the service turned the current one down).
     */
    Connector.Upstream upstream(WorkspaceId workspace, UUID connectionId, @Nullable PersonId person, String usedFor,
                                boolean refused) {
        return tenancy.inWorkspace(workspace, person, () -> {
            jdbc.sql("SELECT 1 FROM connections WHERE workspace_id = :w AND connection_id = :id FOR UPDATE")
                    .param("w", workspace.id()).param("id", connectionId).query(Integer.class).optional();
            ConnectionRows.Stored stored = rows.find(workspace, connectionId).orElseThrow(() ->
                    new UpstreamFailed(UpstreamFailed.Reason.UNAUTHORIZED, "The connection no longer exists."));
            if (stored.secretId() == null) {
                throw new UpstreamFailed(UpstreamFailed.Reason.UNAUTHORIZED, "The connection has no token.");
            }
            Instant expires = stored.tokenExpiresAt();
            boolean due = refused || expires != null && clock.instant().plus(EARLY).isAfter(expires);
            if (due && stored.refreshSecretId() != null) {
                return new Connector.Upstream(URI.create(stored.connection().url()), renew(workspace, stored));
            }
            if (due && refused) {
                throw new UpstreamFailed(UpstreamFailed.Reason.UNAUTHORIZED, "the token was refused");
            }
            return new Connector.Upstream(URI.create(stored.connection().url()),
                    vault.open(workspace, stored.secretId(), person, usedFor));
        });
    }

    private String renew(WorkspaceId workspace, ConnectionRows.Stored stored) {
        ConnectionRows.OAuthClient client = stored.client();
        ConnectorOAuth.App app;
        String clientSecret;
        if (client != null) { // an MCP server's authorization server, with the client Custos registered there
            app = McpAuthorization.tokenClient(URI.create(client.tokenUrl()), client.clientId(), client.resource());
            clientSecret = client.clientSecretId() == null ? null
                    : vault.open(workspace, client.clientSecretId(), null, "renewing the connection's token");
        } else {
            ConnectorKind kind = ConnectorKind.of(stored.connection().kind()).orElseThrow();
            app = apps.find(kind).orElseThrow(() -> ConnectorApps.notRegistered(kind)).oauth();
            clientSecret = apps.clientSecret(kind, "renewing a connection's token");
        }
        String refreshToken = vault.open(workspace, stored.refreshSecretId(), null, "renewing the connection's token");
        ConnectorOAuth.Grant grant;
        try {
            grant = oauth.refresh(app, clientSecret, refreshToken);
        } catch (UpstreamFailed e) {
            throw new UpstreamFailed(UpstreamFailed.Reason.UNAUTHORIZED, app.service() + " would not renew the "
                    + "connection's token; an admin connects it again.");
        }
        vault.replace(workspace, stored.secretId(), grant.accessToken());
        if (grant.refreshToken() != null) {
            vault.replace(workspace, stored.refreshSecretId(), grant.refreshToken());
        }
        jdbc.sql("""
                        UPDATE connections SET token_expires_at = :expires, secret_hint = :hint
                        WHERE workspace_id = :w AND connection_id = :id""")
                .param("expires", SqlTime.of(grant.expiresIn() == null ? null
                        : clock.instant().plusSeconds(grant.expiresIn())))
                .param("hint", CredentialVault.hint(grant.accessToken())).param("w", workspace.id())
                .param("id", stored.connection().id()).update();
        audit.record(AuditEvent.system(workspace, "connection.token_renewed").on("connection",
                stored.connection().id()));
        return grant.accessToken();
    }
}
