package dev.custos.connection;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.custos.agent.Agents;
import dev.custos.audit.AuditLog;
import dev.custos.connection.connector.Connector;
import dev.custos.connection.connector.ConnectorKind;
import dev.custos.connection.connector.ConnectorOAuth;
import dev.custos.connection.connector.Connectors;
import dev.custos.connection.connector.McpAuthorization;
import dev.custos.connection.connector.UpstreamFailed;
import dev.custos.identity.Actor;
import dev.custos.identity.IdentityProperties;
import dev.custos.keys.CredentialVault;
import dev.custos.platform.AgentId;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.usage.Entitlements;
import dev.custos.usage.Feature;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import dev.custos.workspace.Workspaces;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Connecting through OAuth 2: GitHub, Slack and Notion with the installation's apps, and MCP servers that ask for
 * it (Custos registers itself with the server's authorization server). An admin starts — the name, handle and scope
 * are kept with a hash of a random state and a sealed PKCE verifier —, the service asks its person to allow it and
 * sends them back with a code, and the same admin, signed in, finishes: the code is redeemed, the tokens sealed in
 * the vault, the connection stored with its tools. A state is good once, for ten minutes, for the person who
 * started it — so nobody can attach their own account to someone else's workspace by a crafted link.
 */
@Service
public class OAuthConnections {

    static final Duration LIFETIME = Duration.ofMinutes(10);
    static final String CALLBACK_PATH = "/connections/oauth/callback";
    private static final String VERIFIER_PURPOSE = "connection.pkce_verifier";
    static final String CLIENT_SECRET_PURPOSE = "connection.oauth_client_secret";

    /** What an admin asks for: {@code url} for an MCP server; {@code agentId} answers a Slack integration. */
    public record NewOAuthConnection(String kind, String name, String handle, String scope, @Nullable String url,
                                     @Nullable UUID agentId) {
    }

    /** Where to send the person to allow the connection, and until when it may be finished. */
    public record ConsentRedirect(URI authorizationUrl, Instant expiresAt) {
    }

    private final Tenancy tenancy;
    private final Workspaces workspaces;
    private final Agents agents;
    private final ConnectorApps apps;
    private final ConnectorOAuth oauth;
    private final Connectors connectors;
    private final McpAuthorization mcpAuthorization;
    private final McpServers mcp;
    private final ToolListing listing;
    private final PendingAuthorizations pending;
    private final ConnectionWriter writer;
    private final ConnectionRows rows;
    private final CredentialVault vault;
    private final AuditLog audit;
    private final Clock clock;
    private final URI callback;
    private final Entitlements entitlements;

    OAuthConnections(Tenancy tenancy, Workspaces workspaces, Agents agents, ConnectorApps apps, ConnectorOAuth oauth,
                     Connectors connectors, McpAuthorization mcpAuthorization, McpServers mcp, ToolListing listing,
                     PendingAuthorizations pending, ConnectionWriter writer, ConnectionRows rows,
                     CredentialVault vault, AuditLog audit, Clock clock, IdentityProperties identity, Entitlements entitlements) {
        this.entitlements = entitlements;
        this.tenancy = tenancy;
        this.workspaces = workspaces;
        this.agents = agents;
        this.apps = apps;
        this.oauth = oauth;
        this.connectors = connectors;
        this.mcpAuthorization = mcpAuthorization;
        this.mcp = mcp;
        this.listing = listing;
        this.pending = pending;
        this.writer = writer;
        this.rows = rows;
        this.vault = vault;
        this.audit = audit;
        this.clock = clock;
        this.callback = URI.create(identity.baseUrl().replaceAll("/$", "") + CALLBACK_PATH);
    }

    public ConsentRedirect start(WorkspaceAccess access, NewOAuthConnection request) {
        access.require(Permission.MANAGE_WORKSPACE);
        entitlements.require(access.workspace(), Feature.CONNECTIONS);
        String name = ConnectionWriter.name(request.name());
        String handle = ConnectionWriter.handle(request.handle());
        ConnectionScope scope = ConnectionScope.of(request.scope());
        if (request.agentId() != null) {
            agents.get(access, new AgentId(request.agentId())); // refuses an agent the workspace does not have
        }
        tenancy.inWorkspace(access.workspace(), access.actor().person(),
                () -> writer.checkRoom(access.workspace(), handle));
        boolean mcpServer = request.kind().equals("mcp");
        URI url = mcpServer ? McpServers.endpoint(request.url() == null ? "" : request.url()) : null;
        McpAuthorization.Client client = null;
        ConnectorOAuth.App app;
        if (mcpServer) {
            client = signInFailed(() -> mcpAuthorization.register(url, callback));
            app = client.app();
        } else {
            ConnectorKind kind = ConnectorApps.kind(request.kind());
            app = apps.find(kind).orElseThrow(() -> ConnectorApps.notRegistered(kind)).oauth();
        }
        String random = ConnectorOAuth.randomToken();
        String verifier = ConnectorOAuth.randomToken();
        Instant now = clock.instant();
        Instant expires = now.plus(LIFETIME);
        McpAuthorization.Client registered = client;
        tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            writer.checkRoom(access.workspace(), handle);
            pending.forgetExpired(access.workspace(), now).forEach(secret -> vault.delete(access.workspace(), secret));
            UUID verifierId = vault.store(access.workspace(), VERIFIER_PURPOSE, verifier).id();
            UUID clientSecret = registered == null || registered.clientSecret() == null ? null
                    : vault.store(access.workspace(), CLIENT_SECRET_PURPOSE, registered.clientSecret()).id();
            pending.insert(access.workspace(), random, new PendingAuthorizations.Pending(request.kind(), name, handle,
                    scope, request.agentId(), verifierId, access.actor().person().id(),
                    url == null ? null : url.toString(), registered == null ? null : new ConnectionRows.OAuthClient(
                    registered.clientId(), clientSecret, registered.tokenUrl().toString(), registered.resource())),
                    now, expires);
            audit.record(access.event("connection.authorization_started").with("kind", request.kind())
                    .with("scope", scope.key()));
            return null;
        });
        String state = access.workspace().id() + "." + random;
        return new ConsentRedirect(oauth.authorizeUrl(app, callback, state, verifier), expires);
    }

    /**
     * Finishes what {@link #start} began, for the person who began it: redeems the code and stores the connection.
     * The state is spent whatever happens next.
     */
    public Connection finish(Actor actor, String state, @Nullable String code, @Nullable String error) {
        UUID workspaceId = workspaceOf(state).orElseThrow(PendingAuthorizations::unknownState);
        WorkspaceAccess access = workspaces.access(actor, new WorkspaceId(workspaceId));
        var started = tenancy.inWorkspace(access.workspace(), actor.person(),
                () -> pending.take(access.workspace(), state.substring(state.indexOf('.') + 1), clock.instant()));
        String verifier = tenancy.inWorkspace(access.workspace(), actor.person(), () -> {
            String opened = vault.open(access.workspace(), started.verifierId(), actor.person(),
                    "finishing a connection");
            vault.delete(access.workspace(), started.verifierId());
            return opened;
        });
        if (!started.startedBy().equals(actor.person().id())) {
            throw CustosException.forbidden("This connection was started by another member; only they can finish it.");
        }
        access.require(Permission.MANAGE_WORKSPACE);
        String service = started.client() != null ? "The MCP server"
                : ConnectorKind.of(started.kind()).orElseThrow().label();
        if (error != null || code == null || code.isBlank()) {
            throw CustosException.invalid("connection-not-allowed", service + " did not allow the connection ("
                    + (error != null && error.matches("[a-z_]{1,60}") ? error : "no code") + "). Nothing was stored.");
        }
        return started.client() != null ? finishMcp(access, started, code, verifier)
                : finishConnector(access, started, code, verifier);
    }

    private Connection finishConnector(WorkspaceAccess access, PendingAuthorizations.Pending started, String code,
                                       String verifier) {
        ConnectorKind kind = ConnectorKind.of(started.kind()).orElseThrow();
        ConnectorApps.App app = apps.find(kind).orElseThrow(() -> ConnectorApps.notRegistered(kind));
        ConnectorOAuth.Grant grant = signInFailed(() -> oauth.redeem(app.oauth(), apps.clientSecret(kind,
                "connecting " + kind.label()), code, callback, verifier));
        Connector.Account account = signInFailed(() -> connectors.of(kind).account(new Connector.Upstream(
                URI.create(app.apiUrl()), grant.accessToken()), grant.response()));
        return store(access, started, app.apiUrl(), grant, account.label(),
                account.id().isBlank() ? null : account.id(), listing.operations(kind));
    }

    private Connection finishMcp(WorkspaceAccess access, PendingAuthorizations.Pending started, String code,
                                 String verifier) {
        ConnectionRows.OAuthClient client = started.client();
        String secret = client.clientSecretId() == null ? null : tenancy.inWorkspace(access.workspace(),
                access.actor().person(), () -> vault.open(access.workspace(), client.clientSecretId(),
                        access.actor().person(), "connecting an MCP server"));
        ConnectorOAuth.App app = McpAuthorization.tokenClient(URI.create(client.tokenUrl()), client.clientId(),
                client.resource());
        ConnectorOAuth.Grant grant = signInFailed(() -> oauth.redeem(app, secret, code, callback, verifier));
        List<McpServers.RemoteTool> tools = mcp.listToolsOrRefuse(URI.create(started.url()), grant.accessToken());
        return store(access, started, started.url(), grant, null, null, tools);
    }

    private Connection store(WorkspaceAccess access, PendingAuthorizations.Pending started, String url,
                             ConnectorOAuth.Grant grant, @Nullable String account, @Nullable String accountId,
                             List<McpServers.RemoteTool> tools) {
        Instant now = clock.instant();
        try {
            return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
                CredentialVault.Stored token = vault.store(access.workspace(), Connections.VAULT_PURPOSE,
                        grant.accessToken());
                UUID refresh = grant.refreshToken() == null ? null : vault.store(access.workspace(),
                        ConnectorTokens.REFRESH_PURPOSE, grant.refreshToken()).id();
                UUID id = writer.insert(access.workspace(), access.actor().person(), now,
                        new ConnectionWriter.NewConnection(started.kind(), started.handle(), started.name(), url,
                                started.scope(), "oauth", token, refresh,
                                grant.expiresIn() == null ? null : now.plusSeconds(grant.expiresIn()), account,
                                accountId, started.agentId(), started.client(), tools));
                audit.record(access.event("connection.created").on("connection", id).with("kind", started.kind())
                        .with("scope", started.scope().key()).with("host", URI.create(url).getHost())
                        .with("tools", String.valueOf(tools.size())));
                return rows.find(access.workspace(), id).orElseThrow().connection();
            });
        } catch (DuplicateKeyException e) {
            throw CustosException.conflict("slack-integration-taken", "This Slack workspace's mentions already go "
                    + "to another integration; connect it read-only or read-write, or revoke the other first.");
        }
    }

    /** Runs a step of the sign-in; a service's refusal becomes the problem the person is shown. */
    private static <T> T signInFailed(java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (UpstreamFailed e) {
            throw new CustosException(HttpStatus.BAD_GATEWAY, "connection-sign-in-failed", e.getMessage()
                    + " Nothing was stored.");
        }
    }

    /** The workspace a state ({@code <workspace>.<random>}, as {@link #start} makes it) belongs to, if it is one. */
    static Optional<UUID> workspaceOf(String state) {
        int dot = state.indexOf('.');
        try {
            return dot == 36 ? Optional.of(UUID.fromString(state.substring(0, dot))) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
