package dev.custos.identity.sso;

import java.net.URI;
import java.net.URISyntaxException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
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
 * The identity providers people may sign in with (ID-04), registered by installation administrators: an issuer
 * (whose OpenID configuration is read and checked on registration), a client id and, for a confidential client,
 * a secret kept in the credential vault and never returned.
 */
@Service
public class SsoProviders {

    private static final String SECRET_PURPOSE = "sso.client_secret";
    private static final List<String> DEFAULT_SCOPES = List.of("openid", "email", "profile");

    /** A provider as shown: never its client secret. */
    record Provider(UUID id, String name, String label, String issuerUrl, String clientId,
                    @Nullable String clientSecretHint, List<String> scopes, boolean enabled, Instant createdAt,
                    Instant updatedAt) {
    }

    /** What an administrator registers or changes; a null secret on update keeps the stored one. */
    public record Registration(String name, String label, String issuerUrl, String clientId, @Nullable String clientSecret,
                        @Nullable List<String> scopes, @Nullable Boolean enabled) {
        @Override
        public String toString() {
            return "Registration[" + name + ", " + issuerUrl + "]"; // never the secret
        }
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final CredentialVault vault;
    private final SsoDiscovery discovery;
    private final Accounts accounts;
    private final AuditLog audit;
    private final Clock clock;

    SsoProviders(JdbcClient jdbc, TransactionTemplate transactions, CredentialVault vault, SsoDiscovery discovery,
                 Accounts accounts, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.vault = vault;
        this.discovery = discovery;
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
    }

    public List<Provider> list(Actor actor) {
        requireAdmin(actor);
        return jdbc.sql("SELECT * FROM sso_providers ORDER BY name").query(SsoProviders::provider).list();
    }

    /** The providers the sign-in page offers. */
    public List<Provider> enabled() {
        return jdbc.sql("SELECT * FROM sso_providers WHERE enabled ORDER BY label").query(SsoProviders::provider).list();
    }

    Optional<Provider> findByName(String name) {
        return jdbc.sql("SELECT * FROM sso_providers WHERE name = :name").param("name", name)
                .query(SsoProviders::provider).optional();
    }

    public Provider register(Actor actor, Registration registration) {
        requireAdmin(actor);
        List<String> scopes = check(registration);
        discovery.configuration(registration.issuerUrl());
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        return transactions.execute(status -> {
            if (findByName(registration.name()).isPresent()) {
                throw CustosException.conflict("sso-provider-name-taken", "An identity provider with that name exists.");
            }
            CredentialVault.Stored secret = registration.clientSecret() == null || registration.clientSecret().isBlank()
                    ? null : vault.store(WorkspaceId.INSTALLATION, SECRET_PURPOSE, registration.clientSecret());
            jdbc.sql("""
                            INSERT INTO sso_providers (provider_id, name, label, issuer_url, client_id, client_secret_id,
                                client_secret_hint, scopes, enabled, created_by, created_at, updated_at)
                            VALUES (:id, :name, :label, :issuer, :client, :secret, :hint, :scopes, :enabled, :by, :now, :now)""")
                    .param("id", id).param("name", registration.name()).param("label", registration.label().strip())
                    .param("issuer", registration.issuerUrl()).param("client", registration.clientId())
                    .param("secret", secret == null ? null : secret.id())
                    .param("hint", secret == null ? null : secret.hint()).param("scopes", scopes.toArray(String[]::new))
                    .param("enabled", !Boolean.FALSE.equals(registration.enabled()))
                    .param("by", actor.person().id()).param("now", SqlTime.of(now)).update();
            audit.record(AuditEvent.installation(actor.person(), "sso_provider.registered").on("sso_provider", id)
                    .with("confidential_client", "" + (secret != null)));
            return find(id).orElseThrow();
        });
    }

    Provider update(Actor actor, UUID id, Registration registration) {
        requireAdmin(actor);
        List<String> scopes = check(registration);
        Provider current = find(id).orElseThrow(() -> CustosException.notFound("Identity provider"));
        if (!current.issuerUrl().equals(registration.issuerUrl())) {
            discovery.configuration(registration.issuerUrl());
        }
        return transactions.execute(status -> {
            if (findByName(registration.name()).filter(other -> !other.id().equals(id)).isPresent()) {
                throw CustosException.conflict("sso-provider-name-taken", "An identity provider with that name exists.");
            }
            CredentialVault.Stored secret = null;
            if (registration.clientSecret() != null && !registration.clientSecret().isBlank()) {
                UUID stored = secretId(id);
                secret = stored == null
                        ? vault.store(WorkspaceId.INSTALLATION, SECRET_PURPOSE, registration.clientSecret())
                        : vault.replace(WorkspaceId.INSTALLATION, stored, registration.clientSecret());
            }
            jdbc.sql("""
                            UPDATE sso_providers SET name = :name, label = :label, issuer_url = :issuer,
                                client_id = :client, client_secret_id = COALESCE(:secret, client_secret_id),
                                client_secret_hint = COALESCE(:hint, client_secret_hint), scopes = :scopes,
                                enabled = :enabled, updated_at = :now
                            WHERE provider_id = :id""")
                    .param("id", id).param("name", registration.name()).param("label", registration.label().strip())
                    .param("issuer", registration.issuerUrl()).param("client", registration.clientId())
                    .param("secret", secret == null ? null : secret.id())
                    .param("hint", secret == null ? null : secret.hint()).param("scopes", scopes.toArray(String[]::new))
                    .param("enabled", registration.enabled() == null ? current.enabled() : registration.enabled())
                    .param("now", SqlTime.of(clock.instant())).update();
            audit.record(AuditEvent.installation(actor.person(), "sso_provider.updated").on("sso_provider", id)
                    .with("secret_replaced", "" + (secret != null)));
            return find(id).orElseThrow();
        });
    }

    /** Removes a provider; people linked to it sign in another way (their accounts stay). */
    public void remove(Actor actor, UUID id) {
        requireAdmin(actor);
        find(id).orElseThrow(() -> CustosException.notFound("Identity provider"));
        transactions.executeWithoutResult(status -> {
            UUID secret = secretId(id);
            jdbc.sql("DELETE FROM sso_providers WHERE provider_id = :id").param("id", id).update();
            if (secret != null) {
                vault.delete(WorkspaceId.INSTALLATION, secret);
            }
            audit.record(AuditEvent.installation(actor.person(), "sso_provider.removed").on("sso_provider", id));
        });
    }

    /** The client secret, opened for a sign-in (audited by the vault); empty for a public client. */
    Optional<String> clientSecret(Provider provider) {
        UUID secret = secretId(provider.id());
        return secret == null ? Optional.empty()
                : Optional.of(vault.open(WorkspaceId.INSTALLATION, secret, null, "sso_sign_in"));
    }

    private Optional<Provider> find(UUID id) {
        return jdbc.sql("SELECT * FROM sso_providers WHERE provider_id = :id").param("id", id)
                .query(SsoProviders::provider).optional();
    }

    private @Nullable UUID secretId(UUID provider) {
        return jdbc.sql("SELECT client_secret_id FROM sso_providers WHERE provider_id = :id").param("id", provider)
                .query((rs, n) -> rs.getObject(1, UUID.class)).optional().orElse(null);
    }

    private void requireAdmin(Actor actor) {
        accounts.requireInstallationAdmin(actor, "Only installation administrators manage identity providers.");
    }

    private static List<String> check(Registration registration) {
        if (!registration.name().matches("[a-z0-9][a-z0-9-]{0,39}")) {
            throw CustosException.invalid("invalid-sso-provider-name",
                    "name must be lower-case letters, digits and dashes, at most 40; it appears in sign-in URLs.");
        }
        if (registration.label().isBlank() || registration.label().length() > 60) {
            throw CustosException.invalid("invalid-sso-provider-label", "label must be 1 to 60 characters.");
        }
        URI issuer;
        try {
            issuer = new URI(registration.issuerUrl());
        } catch (URISyntaxException e) {
            issuer = null;
        }
        if (issuer == null || issuer.getHost() == null || issuer.getQuery() != null || issuer.getFragment() != null
                || !("https".equals(issuer.getScheme()) || "http".equals(issuer.getScheme()))) {
            throw CustosException.invalid("invalid-issuer-url",
                    "issuerUrl must be the provider's issuer, an http(s) URL without query, e.g. https://id.example.com.");
        }
        if (registration.clientId().isBlank() || registration.clientId().length() > 200) {
            throw CustosException.invalid("invalid-client-id", "clientId must be 1 to 200 characters.");
        }
        List<String> scopes = registration.scopes() == null || registration.scopes().isEmpty() ? DEFAULT_SCOPES
                : registration.scopes().stream().map(String::strip).distinct().toList();
        if (!scopes.contains("openid") || scopes.stream().anyMatch(scope -> !scope.matches("[A-Za-z0-9_:.-]{1,64}"))) {
            throw CustosException.invalid("invalid-scopes", "scopes must include openid and be plain scope names.");
        }
        return scopes;
    }

    private static Provider provider(ResultSet rs, int row) throws SQLException {
        return new Provider(rs.getObject("provider_id", UUID.class), rs.getString("name"), rs.getString("label"),
                rs.getString("issuer_url"), rs.getString("client_id"), rs.getString("client_secret_hint"),
                List.of((String[]) rs.getArray("scopes").getArray()), rs.getBoolean("enabled"),
                Objects.requireNonNull(SqlTime.instant(rs, "created_at")),
                Objects.requireNonNull(SqlTime.instant(rs, "updated_at")));
    }
}
