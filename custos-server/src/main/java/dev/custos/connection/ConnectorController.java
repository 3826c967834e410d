package dev.custos.connection;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import dev.custos.identity.Actor;
import dev.custos.platform.WorkspaceId;
import dev.custos.workspace.Workspaces;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The built-in connectors in the API: installation administrators register each service's OAuth app; workspace
 * admins start a connection, which a person finishes in a browser at the service's consent page.
 */
@RestController
class ConnectorController {

    private final ConnectorApps apps;
    private final OAuthConnections oauth;
    private final Workspaces workspaces;

    ConnectorController(ConnectorApps apps, OAuthConnections oauth, Workspaces workspaces) {
        this.apps = apps;
        this.oauth = oauth;
        this.workspaces = workspaces;
    }

    record AppRequest(@NotBlank @Size(max = 200) String clientId, @Nullable @Size(max = 4096) String clientSecret,
                      @Nullable @Size(max = 4096) String signingSecret, @Nullable @Size(max = 2000) String authorizeUrl,
                      @Nullable @Size(max = 2000) String tokenUrl, @Nullable @Size(max = 2000) String apiUrl) {
        @Override
        public String toString() {
            return "AppRequest[" + clientId + "]";
        }
    }

    /** {@code kind} github, slack, notion, or mcp with the server's {@code url}. */
    record StartRequest(@NotBlank @Size(max = 20) String kind, @NotBlank @Size(max = 100) String name,
                        @NotBlank @Size(max = 24) String handle, @NotBlank @Size(max = 20) String scope,
                        @Nullable @Size(max = 2000) String url, @Nullable UUID agentId) {
    }

    @GetMapping("/api/admin/connector-apps")
    List<ConnectorApps.App> list(Actor actor) {
        return apps.list(actor);
    }

    @PutMapping("/api/admin/connector-apps/{kind}")
    ConnectorApps.App register(Actor actor, @PathVariable String kind, @Valid @RequestBody AppRequest request) {
        return apps.register(actor, kind, new ConnectorApps.Registration(request.clientId(), request.clientSecret(),
                request.signingSecret(), request.authorizeUrl(), request.tokenUrl(), request.apiUrl()));
    }

    @DeleteMapping("/api/admin/connector-apps/{kind}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(Actor actor, @PathVariable String kind) {
        apps.remove(actor, kind);
    }

    /** Starts connecting GitHub, Slack, Notion or an MCP server through OAuth: answers the consent page's URL. */
    @PostMapping("/api/workspaces/{workspaceId}/connections/oauth")
    @ResponseStatus(HttpStatus.CREATED)
    OAuthConnections.ConsentRedirect start(Actor actor, @PathVariable UUID workspaceId,
                                   @Valid @RequestBody StartRequest request) {
        return oauth.start(workspaces.access(actor, new WorkspaceId(workspaceId)),
                new OAuthConnections.NewOAuthConnection(request.kind(), request.name(), request.handle(),
                        request.scope(), request.url(), request.agentId()));
    }
}
