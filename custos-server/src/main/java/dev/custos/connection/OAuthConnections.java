package dev.custos.connection;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.custos.agent.Agents;
import dev.custos.connection.connector.Connector;
import dev.custos.connection.connector.ConnectorKind;
import dev.custos.connection.connector.ConnectorOAuth;
import dev.custos.connection.connector.Connectors;
import dev.custos.connection.connector.UpstreamFailed;
import dev.custos.identity.Actor;
import dev.custos.identity.IdentityProperties;
import dev.custos.keys.CredentialVault;
import dev.custos.platform.AgentId;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import dev.custos.workspace.Workspaces;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Connecting GitHub, Slack or Notion through OAuth 2: an admin starts (the name, handle, scope are kept with a hash
 * of a random state and a sealed PKCE verifier), the service asks its person to allow it and sends them back with a
 * code, and the same admin, signed in, finishes: the code is redeemed, the tokens sealed in the vault, the
 * connection stored with the connector's operations as its tools. A state is good once, for ten minutes, for the
 * person who started it — so nobody can attach their own account to someone else's workspace by a crafted link.
 */
@Service
public class OAuthConnections {

    static final Duration LIFETIME = Duration.ofMinutes(10);
    static final String CALLBACK_PATH = "/connections/oauth/callback";
    private static final String VERIFIER_PURPOSE = "connection.pkce_verifier";

    /** What an admin asks for; {@code agentId} answers a Slack integration's mentions. */
    public record NewOAuthConnection(String kind, String name, String handle, String scope, @Nullable UUID agentId) {
    }

    /** Where to send the person to allow the connection, and until when it may be finished. */
    public record ConsentRedirect(URI authorizationUrl, Instant expiresAt) {
    }

    private record Pending(WorkspaceId workspace, ConnectorKind kind, String name, String handle,
                           ConnectionScope scope, @Nullable UUID agentId, UUID verifierId, UUID startedBy) {
    }

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final Workspaces workspaces;
    private final Agents agents;
    private final ConnectorApps apps;
    private final ConnectorOAuth oauth;
    private final Connectors connectors;
    private final ConnectionWriter writer;
    private final ConnectionRows rows;
    private final CredentialVault vault;
    private final dev.custos.audit.AuditLog audit;
    private final Clock clock;
    private final URI callback;

    OAuthConnections(JdbcClient jdbc, Tenancy tenancy, Workspaces workspaces, Agents agents, ConnectorApps apps,
                     ConnectorOAuth oauth, Connectors connectors, ConnectionWriter writer, ConnectionRows rows,
                     CredentialVault vault, dev.custos.audit.AuditLog audit, Clock clock,
                     IdentityProperties identity) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.workspaces = workspaces;
        this.agents = agents;
        this.apps = apps;
        this.oauth = oauth;
        this.connectors = connectors;
        this.writer = writer;
        this.rows = rows;
        this.vault = vault;
        this.audit = audit;
        this.clock = clock;
        this.callback = URI.create(identity.baseUrl().replaceAll("/$", "") + CALLBACK_PATH);
    }

    public ConsentRedirect start(WorkspaceAccess access, NewOAuthConnection request) {
        access.require(Permission.MANAGE_WORKSPACE);
        ConnectorKind kind = ConnectorApps.kind(request.kind());
        ConnectorApps.App app = apps.find(kind).orElseThrow(() -> ConnectorApps.notRegistered(kind));
        String name = ConnectionWriter.name(request.name());
        String handle = ConnectionWriter.handle(request.handle());
        ConnectionScope scope = ConnectionScope.of(request.scope());
        if (request.agentId() != null) {
            agents.get(access, new AgentId(request.agentId())); // refuses an agent the workspace does not have
        }
        String random = ConnectorOAuth.randomToken();
        String verifier = ConnectorOAuth.randomToken();
        Instant now = clock.instant();
        Instant expires = now.plus(LIFETIME);
        tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            writer.checkRoom(access.workspace(), handle);
            forgetExpired(access.workspace(), now);
            CredentialVault.Stored sealed = vault.store(access.workspace(), VERIFIER_PURPOSE, verifier);
            jdbc.sql("""
                            INSERT INTO connection_authorizations (workspace_id, state_hash, kind, name, handle, scope,
                                agent_id, verifier_secret_id, started_by, started_at, expires_at)
                            VALUES (:w, :hash, :kind, :name, :handle, :scope, :agent, :verifier, :by, :now, :expires)""")
                    .param("w", access.workspace().id()).param("hash", sha256(random)).param("kind", kind.key())
                    .param("name", name).param("handle", handle).param("scope", scope.key())
                    .param("agent", request.agentId()).param("verifier", sealed.id())
                    .param("by", access.actor().person().id()).param("now", SqlTime.of(now))
                    .param("expires", SqlTime.of(expires)).update();
            audit.record(access.event("connection.authorization_started").with("kind", kind.key())
                    .with("scope", scope.key()));
            return null;
        });
        String state = access.workspace().id() + "." + random;
        return new ConsentRedirect(oauth.authorizeUrl(app.oauth(), callback, state, verifier), expires);
    }

    /**
     * Finishes what {@link #start} began, for the person who began it: redeems the code and stores the connection.
     * The state is spent whatever happens next.
     */
    public Connection finish(Actor actor, String state, @Nullable String code, @Nullable String error) {
        int dot = state.indexOf('.');
        UUID workspaceId = dot == 36 ? parseUuid(state.substring(0, dot)) : null;
        if (workspaceId == null) {
            throw unknownState();
        }
        WorkspaceAccess access = workspaces.access(actor, new WorkspaceId(workspaceId));
        Pending pending = take(access, state.substring(dot + 1));
        String verifier = tenancy.inWorkspace(access.workspace(), actor.person(), () -> {
            String opened = vault.open(access.workspace(), pending.verifierId(), actor.person(),
                    "finishing a connection");
            vault.delete(access.workspace(), pending.verifierId());
            return opened;
        });
        if (!pending.startedBy().equals(actor.person().id())) {
            throw CustosException.forbidden("This connection was started by another member; only they can finish it.");
        }
        access.require(Permission.MANAGE_WORKSPACE);
        ConnectorKind kind = pending.kind();
        if (error != null || code == null || code.isBlank()) {
            throw CustosException.invalid("connection-not-allowed", kind.label() + " did not allow the connection ("
                    + (error != null && error.matches("[a-z_]{1,60}") ? error : "no code") + "). Nothing was stored.");
        }
        ConnectorApps.App app = apps.find(kind).orElseThrow(() -> ConnectorApps.notRegistered(kind));
        ConnectorOAuth.Grant grant;
        Connector.Account account;
        try {
            grant = oauth.redeem(app.oauth(), apps.clientSecret(kind, "connecting " + kind.label()), code, callback,
                    verifier);
            account = connectors.of(kind).account(new Connector.Upstream(URI.create(app.apiUrl()),
                    grant.accessToken()), grant.response());
        } catch (UpstreamFailed e) {
            throw new CustosException(HttpStatus.BAD_GATEWAY, "connection-sign-in-failed", e.getMessage()
                    + " Nothing was stored; start again.");
        }
        return store(access, pending, app, grant, account);
    }

    private Connection store(WorkspaceAccess access, Pending pending, ConnectorApps.App app,
                             ConnectorOAuth.Grant grant, Connector.Account account) {
        ConnectorKind kind = pending.kind();
        List<McpServers.RemoteTool> tools = connectors.of(kind).operations().stream()
                .map(operation -> new McpServers.RemoteTool(operation.name(), operation.description(),
                        operation.schemaJson(), operation.writes() ? ToolAccess.WRITE : ToolAccess.READ))
                .toList();
        Instant now = clock.instant();
        try {
            return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
                CredentialVault.Stored token = vault.store(access.workspace(), Connections.VAULT_PURPOSE,
                        grant.accessToken());
                UUID refresh = grant.refreshToken() == null ? null : vault.store(access.workspace(),
                        ConnectorTokens.REFRESH_PURPOSE, grant.refreshToken()).id();
                UUID id = writer.insert(access.workspace(), access.actor().person(), now,
                        new ConnectionWriter.NewConnection(kind.key(), pending.handle(), pending.name(),
                                app.apiUrl(), pending.scope(), "oauth", token, refresh,
                                grant.expiresIn() == null ? null : now.plusSeconds(grant.expiresIn()),
                                account.label(), account.id().isBlank() ? null : account.id(), pending.agentId(),
                                tools));
                audit.record(access.event("connection.created").on("connection", id).with("kind", kind.key())
                        .with("scope", pending.scope().key()).with("host", URI.create(app.apiUrl()).getHost())
                        .with("tools", String.valueOf(tools.size())));
                return rows.find(access.workspace(), id).orElseThrow().connection();
            });
        } catch (DuplicateKeyException e) {
            throw CustosException.conflict("slack-integration-taken", "This Slack workspace's mentions already go "
                    + "to another integration; connect it read-only or read-write, or revoke the other first.");
        }
    }

    /** The pending authorization of this state, removed so that it cannot be used twice. */
    private Pending take(WorkspaceAccess access, String random) {
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> jdbc.sql("""
                        DELETE FROM connection_authorizations
                        WHERE workspace_id = :w AND state_hash = :hash AND expires_at > :now
                        RETURNING *""")
                .param("w", access.workspace().id()).param("hash", sha256(random))
                .param("now", SqlTime.of(clock.instant()))
                .query((rs, n) -> new Pending(access.workspace(), ConnectorKind.of(rs.getString("kind")).orElseThrow(),
                        rs.getString("name"), rs.getString("handle"), ConnectionScope.of(rs.getString("scope")),
                        rs.getObject("agent_id", UUID.class), rs.getObject("verifier_secret_id", UUID.class),
                        rs.getObject("started_by", UUID.class)))
                .optional().orElseThrow(OAuthConnections::unknownState));
    }

    private void forgetExpired(WorkspaceId workspace, Instant now) {
        jdbc.sql("""
                        DELETE FROM connection_authorizations WHERE workspace_id = :w AND expires_at <= :now
                        RETURNING verifier_secret_id""")
                .param("w", workspace.id()).param("now", SqlTime.of(now)).query(UUID.class).list()
                .forEach(verifier -> vault.delete(workspace, verifier));
    }

    private static CustosException unknownState() {
        return CustosException.invalid("connection-authorization-unknown", "This connection was not started here, "
                + "was finished already, or took longer than " + LIFETIME.toMinutes() + " minutes. Start again.");
    }

    private static @Nullable UUID parseUuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
