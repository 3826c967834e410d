package dev.custos.connection;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.connection.connector.ConnectorKind;
import dev.custos.connection.connector.ConnectorOAuth;
import dev.custos.identity.Accounts;
import dev.custos.identity.Actor;
import dev.custos.keys.CredentialVault;
import dev.custos.platform.SqlTime;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The OAuth apps of the built-in connectors, registered by installation administrators (one per service, for every
 * workspace): the client id, the client secret and, for Slack, the signing secret — both sealed in the vault and
 * never returned — and where the service lives (its public address by default; e.g. GitHub Enterprise Server).
 */
@Service
public class ConnectorApps {

    static final String CLIENT_SECRET = "connector.client_secret";
    static final String SIGNING_SECRET = "connector.signing_secret";

    /** An app as shown: never its secrets, only their hints. */
    public record App(ConnectorKind kind, String clientId, String clientSecretHint, @Nullable String signingSecretHint,
                      String authorizeUrl, String tokenUrl, String apiUrl, Instant createdAt, Instant updatedAt) {

        ConnectorOAuth.App oauth() {
            return ConnectorOAuth.App.of(kind, java.net.URI.create(authorizeUrl), java.net.URI.create(tokenUrl),
                    clientId);
        }
    }

    /** What an administrator registers; a null secret on an update keeps the stored one, null URLs the defaults. */
    public record Registration(String clientId, @Nullable String clientSecret, @Nullable String signingSecret,
                               @Nullable String authorizeUrl, @Nullable String tokenUrl, @Nullable String apiUrl) {
        @Override
        public String toString() {
            return "Registration[" + clientId + "]"; // never the secrets
        }
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final CredentialVault vault;
    private final Accounts accounts;
    private final AuditLog audit;
    private final Clock clock;

    ConnectorApps(JdbcClient jdbc, TransactionTemplate transactions, CredentialVault vault, Accounts accounts,
                  AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.vault = vault;
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
    }

    public List<App> list(Actor actor) {
        requireAdmin(actor);
        return jdbc.sql("SELECT * FROM connector_apps ORDER BY kind").query(ConnectorApps::app).list();
    }

    /** The registered app of a connector, for connecting and calling; empty when none is registered. */
    public Optional<App> find(ConnectorKind kind) {
        return jdbc.sql("SELECT * FROM connector_apps WHERE kind = :kind").param("kind", kind.key())
                .query(ConnectorApps::app).optional();
    }

    /** Registers the app of a connector, or changes it. */
    public App register(Actor actor, String kindKey, Registration registration) {
        requireAdmin(actor);
        ConnectorKind kind = kind(kindKey);
        String clientId = registration.clientId().strip();
        if (clientId.isEmpty() || clientId.length() > 200 || !clientId.matches("[\\x21-\\x7e]+")) {
            throw CustosException.invalid("invalid-client-id", "clientId must be the app's client id as the "
                    + "service shows it: 1 to 200 visible characters.");
        }
        String authorize = url(registration.authorizeUrl(), kind.authorizeUrl(), "authorizeUrl");
        String token = url(registration.tokenUrl(), kind.tokenUrl(), "tokenUrl");
        String api = url(registration.apiUrl(), kind.apiUrl(), "apiUrl");
        String clientSecret = blankToNull(registration.clientSecret());
        String signingSecret = blankToNull(registration.signingSecret());
        if (signingSecret != null && kind != ConnectorKind.SLACK) {
            throw CustosException.invalid("invalid-signing-secret", "Only Slack signs the requests it sends; "
                    + kind.label() + " takes no signing secret.");
        }
        Instant now = clock.instant();
        return transactions.execute(status -> {
            Row current = row(kind);
            if (current == null && clientSecret == null) {
                throw CustosException.invalid("invalid-client-secret", "clientSecret is required to register "
                        + kind.label() + "'s app.");
            }
            CredentialVault.Stored client = clientSecret == null ? null : current == null
                    ? vault.store(WorkspaceId.INSTALLATION, CLIENT_SECRET, clientSecret)
                    : vault.replace(WorkspaceId.INSTALLATION, current.clientSecretId(), clientSecret);
            CredentialVault.Stored signing = signingSecret == null ? null
                    : current == null || current.signingSecretId() == null
                    ? vault.store(WorkspaceId.INSTALLATION, SIGNING_SECRET, signingSecret)
                    : vault.replace(WorkspaceId.INSTALLATION, current.signingSecretId(), signingSecret);
            jdbc.sql("""
                            INSERT INTO connector_apps (kind, client_id, client_secret_id, client_secret_hint,
                                signing_secret_id, signing_secret_hint, authorize_url, token_url, api_url, created_by,
                                created_at, updated_at)
                            VALUES (:kind, :client, :secret, :hint, :signing, :signingHint, :authorize, :token, :api,
                                :by, :now, :now)
                            ON CONFLICT (kind) DO UPDATE SET client_id = EXCLUDED.client_id,
                                client_secret_id = COALESCE(:secret, connector_apps.client_secret_id),
                                client_secret_hint = COALESCE(:hint, connector_apps.client_secret_hint),
                                signing_secret_id = COALESCE(:signing, connector_apps.signing_secret_id),
                                signing_secret_hint = COALESCE(:signingHint, connector_apps.signing_secret_hint),
                                authorize_url = EXCLUDED.authorize_url, token_url = EXCLUDED.token_url,
                                api_url = EXCLUDED.api_url, updated_at = EXCLUDED.updated_at""")
                    .param("kind", kind.key()).param("client", clientId)
                    .param("secret", client == null ? null : client.id())
                    .param("hint", client == null ? null : client.hint())
                    .param("signing", signing == null ? null : signing.id())
                    .param("signingHint", signing == null ? null : signing.hint()).param("authorize", authorize)
                    .param("token", token).param("api", api).param("by", actor.person().id())
                    .param("now", SqlTime.of(now)).update();
            audit.record(AuditEvent.installation(actor.person(), current == null ? "connector_app.registered"
                    : "connector_app.updated").on("connector_app", kind.key())
                    .with("client_secret_replaced", "" + (client != null))
                    .with("signing_secret_replaced", "" + (signing != null)));
            return find(kind).orElseThrow();
        });
    }

    /** Removes a connector's app: its connections fail from then on, saying so, until it is registered again. */
    public void remove(Actor actor, String kindKey) {
        requireAdmin(actor);
        ConnectorKind kind = kind(kindKey);
        transactions.executeWithoutResult(status -> {
            Row current = row(kind);
            if (current == null) {
                throw CustosException.notFound(kind.label() + "'s app");
            }
            jdbc.sql("DELETE FROM connector_apps WHERE kind = :kind").param("kind", kind.key()).update();
            vault.delete(WorkspaceId.INSTALLATION, current.clientSecretId());
            if (current.signingSecretId() != null) {
                vault.delete(WorkspaceId.INSTALLATION, current.signingSecretId());
            }
            audit.record(AuditEvent.installation(actor.person(), "connector_app.removed")
                    .on("connector_app", kind.key()));
        });
    }

    /** The client secret, opened for a token request (the vault audits it). */
    String clientSecret(ConnectorKind kind, String usedFor) {
        Row current = row(kind);
        if (current == null) {
            throw notRegistered(kind);
        }
        return vault.open(WorkspaceId.INSTALLATION, current.clientSecretId(), null, usedFor);
    }

    /** Slack's signing secret, opened to verify an event; empty when none was registered. */
    Optional<String> signingSecret(ConnectorKind kind) {
        Row current = row(kind);
        return current == null || current.signingSecretId() == null ? Optional.empty()
                : Optional.of(vault.open(WorkspaceId.INSTALLATION, current.signingSecretId(), null,
                "verifying_slack_events"));
    }

    static CustosException notRegistered(ConnectorKind kind) {
        return CustosException.conflict("connector-not-registered", kind.label() + " is not set up on this "
                + "installation: an installation administrator registers its app first.");
    }

    private record Row(UUID clientSecretId, @Nullable UUID signingSecretId) {
    }

    private @Nullable Row row(ConnectorKind kind) {
        return jdbc.sql("SELECT client_secret_id, signing_secret_id FROM connector_apps WHERE kind = :kind")
                .param("kind", kind.key())
                .query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class))).optional()
                .orElse(null);
    }

    static ConnectorKind kind(String key) {
        return ConnectorKind.of(key).orElseThrow(() -> CustosException.invalid("invalid-connection-kind",
                "kind must be github, slack or notion."));
    }

    private static String url(@Nullable String given, java.net.URI fallback, String field) {
        return given == null || given.isBlank() ? fallback.toString()
                : ConnectionUrls.https(given, "invalid-connector-url", field).toString();
    }

    private static @Nullable String blankToNull(@Nullable String secret) {
        if (secret == null || secret.isBlank()) {
            return null;
        }
        if (secret.contains("\n") || secret.contains("\r")) {
            throw CustosException.invalid("invalid-secret", "A secret is one line.");
        }
        return secret.strip();
    }

    private void requireAdmin(Actor actor) {
        accounts.requireInstallationAdmin(actor, "Only installation administrators register connector apps.");
    }

    private static App app(ResultSet rs, int row) throws SQLException {
        return new App(ConnectorKind.of(rs.getString("kind")).orElseThrow(), rs.getString("client_id"),
                rs.getString("client_secret_hint"), rs.getString("signing_secret_hint"),
                rs.getString("authorize_url"), rs.getString("token_url"), rs.getString("api_url"),
                SqlTime.instant(rs, "created_at"), SqlTime.instant(rs, "updated_at"));
    }
}
