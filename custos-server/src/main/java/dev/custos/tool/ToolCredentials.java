package dev.custos.tool;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import dev.custos.audit.AuditLog;
import dev.custos.keys.CredentialVault;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Credentials a workspace gives its tools for connected systems: a header {@code http_get} sends to one host
 * (an API token, say). The secret lives in the credential vault; this table holds what people see of it (name,
 * host, header, hint). Members read the list; admins add, replace (rotate) and remove credentials.
 */
@Service
public class ToolCredentials {

    static final String PURPOSE = "tool.credential";
    private static final int MAX_PER_WORKSPACE = 100;

    /** A credential as shown: never its secret. */
    public record Credential(UUID id, String name, String host, String headerName, @Nullable String scheme,
                             String hint, @Nullable Instant createdAt, @Nullable Instant updatedAt,
                             @Nullable Instant lastUsedAt) {
    }

    /** What an admin gives: the secret is sent as {@code <headerName>: [<scheme> ]<secret>} to {@code host}. */
    public record NewCredential(String name, String host, @Nullable String headerName, @Nullable String scheme,
                                String secret) {
        @Override
        public String toString() {
            return "NewCredential[" + name + ", " + host + "]"; // never the secret
        }
    }

    /** What a tool needs to send a credential, opened for one call. */
    record Opened(String headerName, String headerValue, String secret) {
        @Override
        public String toString() {
            return "Opened[" + headerName + "]";
        }
    }

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final CredentialVault vault;
    private final AuditLog audit;
    private final Clock clock;

    ToolCredentials(JdbcClient jdbc, Tenancy tenancy, CredentialVault vault, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.vault = vault;
        this.audit = audit;
        this.clock = clock;
    }

    public List<Credential> list(WorkspaceAccess access) {
        access.require(Permission.READ);
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> jdbc.sql(
                        "SELECT * FROM tool_credentials WHERE workspace_id = :w ORDER BY name, credential_id")
                .param("w", access.workspace().id()).query(ToolCredentials::credential).list());
    }

    public Credential add(WorkspaceAccess access, NewCredential request) {
        access.require(Permission.MANAGE_WORKSPACE);
        String name = request.name().strip();
        if (name.isEmpty() || name.length() > 100) {
            throw CustosException.invalid("invalid-credential-name", "name must be 1 to 100 characters.");
        }
        String host = ToolSettings.normalisedHost(request.host());
        if (host.startsWith("*.")) {
            throw CustosException.invalid("invalid-host", "A credential is sent to one host: name it exactly, "
                    + "without a wildcard.");
        }
        String header = request.headerName() == null || request.headerName().isBlank() ? "Authorization"
                : request.headerName().strip();
        if (!header.matches("[A-Za-z0-9-]{1,64}") || header.equalsIgnoreCase("Host")
                || header.equalsIgnoreCase("Content-Length")) {
            throw CustosException.invalid("invalid-header-name",
                    "headerName must be an HTTP header name (letters, digits, dashes), e.g. Authorization.");
        }
        String scheme = request.scheme() == null || request.scheme().isBlank() ? null : request.scheme().strip();
        if (scheme != null && !scheme.matches("[A-Za-z0-9-]{1,20}")) {
            throw CustosException.invalid("invalid-scheme", "scheme must be a word such as Bearer or Basic.");
        }
        if (request.secret().contains("\r") || request.secret().contains("\n")) {
            throw CustosException.invalid("invalid-secret", "The secret cannot contain line breaks.");
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            long count = jdbc.sql("SELECT count(*) FROM tool_credentials WHERE workspace_id = :w")
                    .param("w", access.workspace().id()).query(Long.class).single();
            if (count >= MAX_PER_WORKSPACE) {
                throw CustosException.invalid("too-many-credentials",
                        "A workspace keeps at most " + MAX_PER_WORKSPACE + " tool credentials.");
            }
            if (forHost(access.workspace(), host).isPresent()) {
                throw CustosException.conflict("credential-host-taken", "This workspace already has a credential "
                        + "for " + host + "; replace its secret or remove it first.");
            }
            CredentialVault.Stored secret = vault.store(access.workspace(), PURPOSE, request.secret());
            jdbc.sql("""
                            INSERT INTO tool_credentials (workspace_id, credential_id, name, host, header_name, scheme,
                                secret_id, secret_hint, created_by, created_at, updated_by, updated_at)
                            VALUES (:w, :id, :name, :host, :header, :scheme, :secret, :hint, :by, :now, :by, :now)""")
                    .param("w", access.workspace().id()).param("id", id).param("name", name).param("host", host)
                    .param("header", header).param("scheme", scheme).param("secret", secret.id())
                    .param("hint", secret.hint()).param("by", access.actor().person().id())
                    .param("now", SqlTime.of(now)).update();
            audit.record(access.event("tool_credential.added").on("tool_credential", id).with("host", host));
            return find(access.workspace(), id).orElseThrow();
        });
    }

    /** Replaces the secret (rotated at its source); the name, host and header stay. */
    public Credential replaceSecret(WorkspaceAccess access, UUID id, String secret) {
        access.require(Permission.MANAGE_WORKSPACE);
        if (secret.contains("\r") || secret.contains("\n")) {
            throw CustosException.invalid("invalid-secret", "The secret cannot contain line breaks.");
        }
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            UUID secretId = secretOf(access.workspace(), id);
            CredentialVault.Stored replaced = vault.replace(access.workspace(), secretId, secret);
            jdbc.sql("""
                            UPDATE tool_credentials SET secret_hint = :hint, updated_by = :by, updated_at = :now
                            WHERE workspace_id = :w AND credential_id = :id""")
                    .param("hint", replaced.hint()).param("by", access.actor().person().id())
                    .param("now", SqlTime.of(clock.instant())).param("w", access.workspace().id()).param("id", id)
                    .update();
            audit.record(access.event("tool_credential.secret_replaced").on("tool_credential", id));
            return find(access.workspace(), id).orElseThrow();
        });
    }

    public void remove(WorkspaceAccess access, UUID id) {
        access.require(Permission.MANAGE_WORKSPACE);
        tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            UUID secretId = secretOf(access.workspace(), id);
            jdbc.sql("DELETE FROM tool_credentials WHERE workspace_id = :w AND credential_id = :id")
                    .param("w", access.workspace().id()).param("id", id).update();
            vault.delete(access.workspace(), secretId);
            audit.record(access.event("tool_credential.removed").on("tool_credential", id));
        });
    }

    /**
     * The credential for a URL's host, opened for one tool call on a person's behalf (the vault audits it). It
     * travels over https only, or to this machine: a plain-http URL of another host is refused before it is opened.
     */
    Optional<Opened> openFor(ToolContext context, URI url) {
        return tenancy.inWorkspace(context.workspace(), context.person(), () -> {
            Optional<Credential> found = forHost(context.workspace(), url.getHost());
            if (found.isEmpty()) {
                return Optional.<Opened>empty();
            }
            if (!"https".equalsIgnoreCase(url.getScheme()) && !ToolSettings.isLoopback(url.getHost())) {
                throw new ToolFailed("This workspace's credential for " + url.getHost()
                        + " is sent over https only; use an https URL.");
            }
            Credential credential = found.get();
            String secret = vault.open(context.workspace(), secretOf(context.workspace(), credential.id()),
                    context.person(), "http_get");
            jdbc.sql("UPDATE tool_credentials SET last_used_at = :now WHERE workspace_id = :w AND credential_id = :id")
                    .param("now", SqlTime.of(clock.instant())).param("w", context.workspace().id())
                    .param("id", credential.id()).update();
            String value = credential.scheme() == null ? secret : credential.scheme() + " " + secret;
            return Optional.of(new Opened(credential.headerName(), value, secret));
        });
    }

    private Optional<Credential> forHost(WorkspaceId workspace, String host) {
        return jdbc.sql("SELECT * FROM tool_credentials WHERE workspace_id = :w AND host = :host")
                .param("w", workspace.id()).param("host", host.toLowerCase(Locale.ROOT))
                .query(ToolCredentials::credential).optional();
    }

    private Optional<Credential> find(WorkspaceId workspace, UUID id) {
        return jdbc.sql("SELECT * FROM tool_credentials WHERE workspace_id = :w AND credential_id = :id")
                .param("w", workspace.id()).param("id", id).query(ToolCredentials::credential).optional();
    }

    private UUID secretOf(WorkspaceId workspace, UUID id) {
        return jdbc.sql("SELECT secret_id FROM tool_credentials WHERE workspace_id = :w AND credential_id = :id")
                .param("w", workspace.id()).param("id", id).query(UUID.class).optional()
                .orElseThrow(() -> CustosException.notFound("Tool credential"));
    }

    private static Credential credential(ResultSet rs, int row) throws SQLException {
        return new Credential(rs.getObject("credential_id", UUID.class), rs.getString("name"), rs.getString("host"),
                rs.getString("header_name"), rs.getString("scheme"), rs.getString("secret_hint"),
                SqlTime.instant(rs, "created_at"), SqlTime.instant(rs, "updated_at"),
                SqlTime.instant(rs, "last_used_at"));
    }
}
