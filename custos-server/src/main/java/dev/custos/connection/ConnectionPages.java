package dev.custos.connection;

import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.custos.identity.Actor;
import dev.custos.platform.WorkspaceId;
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

    ConnectionPages(Connections connections, Workspaces workspaces, Memberships memberships) {
        this.connections = connections;
        this.workspaces = workspaces;
        this.memberships = memberships;
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
        return "connection/connections";
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
