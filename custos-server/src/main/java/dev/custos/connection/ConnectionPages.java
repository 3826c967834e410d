package dev.custos.connection;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.custos.agent.Agents;
import dev.custos.connection.connector.ConnectorKind;
import dev.custos.identity.Actor;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.workspace.Member;
import dev.custos.workspace.Memberships;
import dev.custos.workspace.PageActions;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import dev.custos.workspace.Workspaces;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The dashboard's connections page: each system with its scope, maker, tools and last use; connect and revoke. */
@Controller
class ConnectionPages {

    private final Connections connections;
    private final Workspaces workspaces;
    private final Memberships memberships;
    private final OAuthConnections oauth;
    private final ConnectorApps apps;
    private final Agents agents;

    ConnectionPages(Connections connections, Workspaces workspaces, Memberships memberships, OAuthConnections oauth,
                    ConnectorApps apps, Agents agents) {
        this.connections = connections;
        this.workspaces = workspaces;
        this.memberships = memberships;
        this.oauth = oauth;
        this.apps = apps;
        this.agents = agents;
    }

    @GetMapping("/workspaces/{workspaceId}/connections")
    String page(Actor actor, @PathVariable UUID workspaceId, Model model) {
        WorkspaceAccess access = access(actor, workspaceId);
        model.addAttribute("workspace", workspaces.get(access));
        model.addAttribute("connections", connections.list(access));
        model.addAttribute("names", memberships.members(access).stream()
                .collect(Collectors.toMap(member -> member.personId().id(), Member::name)));
        model.addAttribute("scopes", ConnectionScope.values());
        model.addAttribute("canManage", access.can(Permission.MANAGE_WORKSPACE));
        model.addAttribute("connectors", Arrays.stream(ConnectorKind.values())
                .filter(kind -> apps.find(kind).isPresent()).toList());
        model.addAttribute("agents", access.can(Permission.MANAGE_WORKSPACE) ? agents.list(access) : List.of());
        return "connection/connections";
    }

    /** Starts connecting GitHub, Slack, Notion or an MCP server through OAuth: off to its consent page. */
    @PostMapping("/workspaces/{workspaceId}/connections/oauth")
    String startOAuth(Actor actor, @PathVariable UUID workspaceId, @RequestParam(defaultValue = "") String kind,
                      @RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String handle,
                      @RequestParam(defaultValue = "read-only") String scope,
                      @RequestParam(required = false) String url, @RequestParam(required = false) UUID agentId,
                      Model model) {
        WorkspaceAccess access = access(actor, workspaceId);
        try {
            // A link, not a redirect: the page's policy sends forms only to Custos itself, so a redirect after this
            // form would be blocked on its way to the service.
            model.addAttribute("consentUrl", oauth.start(access, new OAuthConnections.NewOAuthConnection(kind, name,
                    handle, scope, url, agentId)).authorizationUrl().toString());
            model.addAttribute("consentService", ConnectorKind.of(kind).map(ConnectorKind::label)
                    .orElse("the MCP server"));
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
        }
        return page(actor, workspaceId, model);
    }

    /** Where the service sends the person back: the connection is made, or the page says why not. */
    @GetMapping(OAuthConnections.CALLBACK_PATH)
    String finishOAuth(Actor actor, @RequestParam(defaultValue = "") String state,
                       @RequestParam(required = false) String code, @RequestParam(required = false) String error,
                       Model model) {
        try {
            Connection made = oauth.finish(actor, state, code, error);
            model.addAttribute("notice", "Connected " + made.name() + (made.account() == null ? "" : " as "
                    + made.account()) + ": " + made.tools().size() + " tools, " + made.scope().key() + ".");
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
        }
        try {
            UUID workspace = OAuthConnections.workspaceOf(state).orElseThrow(() -> CustosException.notFound("The "
                    + "workspace"));
            return page(actor, workspace, model);
        } catch (CustosException e) {
            model.addAttribute("status", 400);
            model.addAttribute("message", model.getAttribute("error"));
            return "error";
        }
    }

    @PostMapping("/workspaces/{workspaceId}/connections")
    String connect(Actor actor, @PathVariable UUID workspaceId, @RequestParam(defaultValue = "") String name,
                   @RequestParam(defaultValue = "") String handle, @RequestParam(defaultValue = "") String url,
                   @RequestParam(defaultValue = "read-only") String scope,
                   @RequestParam(defaultValue = "") String token, Model model) {
        return act(actor, workspaceId, model, access -> {
            Connection made = connections.connectMcp(access,
                    new Connections.NewMcpConnection(name, handle, url, scope, token));
            return "Connected " + made.name() + ": " + made.tools().size() + " tools, " + made.scope().key() + ".";
        });
    }

    @PostMapping("/workspaces/{workspaceId}/connections/{connectionId}/scope")
    String scope(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID connectionId,
                 @RequestParam(defaultValue = "") String scope, Model model) {
        return act(actor, workspaceId, model, access -> {
            Connection changed = connections.changeScope(access, connectionId, scope);
            return changed.name() + " is now " + changed.scope().key() + ".";
        });
    }

    @PostMapping("/workspaces/{workspaceId}/connections/{connectionId}/refresh")
    String refresh(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID connectionId, Model model) {
        return act(actor, workspaceId, model, access -> {
            Connection listed = connections.refreshTools(access, connectionId);
            return listed.name() + " lists " + listed.tools().size() + " tools.";
        });
    }

    @PostMapping("/workspaces/{workspaceId}/connections/{connectionId}/revoke")
    String revoke(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID connectionId, Model model) {
        return act(actor, workspaceId, model, access -> {
            Connection revoked = connections.revoke(access, connectionId);
            return revoked.name() + " was revoked: its token is deleted and its tools can no longer be called.";
        });
    }

    private String act(Actor actor, UUID workspaceId, Model model, Function<WorkspaceAccess, String> action) {
        return PageActions.run(model, access(actor, workspaceId), action, () -> page(actor, workspaceId, model));
    }

    private WorkspaceAccess access(Actor actor, UUID workspaceId) {
        return workspaces.access(actor, new WorkspaceId(workspaceId));
    }
}
