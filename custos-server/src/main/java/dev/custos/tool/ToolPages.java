package dev.custos.tool;

import java.util.Arrays;
import java.util.UUID;
import java.util.function.Function;

import dev.custos.identity.Actor;
import dev.custos.platform.WorkspaceId;
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

/** The tools agents may use, the hosts {@code http_get} may reach, and the credentials it sends to them. */
@Controller
class ToolPages {

    private final Tools tools;
    private final ToolSettings settings;
    private final ToolCredentials credentials;
    private final Workspaces workspaces;

    ToolPages(Tools tools, ToolSettings settings, ToolCredentials credentials, Workspaces workspaces) {
        this.tools = tools;
        this.settings = settings;
        this.credentials = credentials;
        this.workspaces = workspaces;
    }

    @GetMapping("/workspaces/{workspaceId}/tools")
    String tools(Actor actor, @PathVariable UUID workspaceId, Model model) {
        WorkspaceAccess access = access(actor, workspaceId);
        model.addAttribute("workspace", workspaces.get(access));
        model.addAttribute("tools", tools.available(access.workspace()));
        model.addAttribute("hosts", String.join("\n", settings.settings(access).httpAllowedHosts()));
        model.addAttribute("credentials", credentials.list(access));
        model.addAttribute("canManage", access.role().allows(Permission.MANAGE_WORKSPACE));
        return "tool/tools";
    }

    @PostMapping("/workspaces/{workspaceId}/tools/hosts")
    String hosts(Actor actor, @PathVariable UUID workspaceId, @RequestParam(defaultValue = "") String hosts,
                 Model model) {
        return act(actor, workspaceId, model, access -> {
            settings.change(access, new ToolSettings.HttpHosts(Arrays.stream(hosts.split("[\\s,]+"))
                    .filter(host -> !host.isBlank()).toList()));
            return "Saved: http_get may reach these hosts, and no others.";
        });
    }

    @PostMapping("/workspaces/{workspaceId}/tools/credentials")
    String addCredential(Actor actor, @PathVariable UUID workspaceId, @RequestParam(defaultValue = "") String name,
                         @RequestParam(defaultValue = "") String host, @RequestParam(defaultValue = "") String headerName,
                         @RequestParam(defaultValue = "") String scheme, @RequestParam(defaultValue = "") String secret,
                         Model model) {
        return act(actor, workspaceId, model, access -> {
            credentials.add(access, new ToolCredentials.NewCredential(name, host, headerName, scheme, secret));
            return "The credential is stored sealed; it is sent to " + host + " only, and never shown again.";
        });
    }

    @PostMapping("/workspaces/{workspaceId}/tools/credentials/{credentialId}/remove")
    String removeCredential(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID credentialId, Model model) {
        return act(actor, workspaceId, model, access -> {
            credentials.remove(access, credentialId);
            return "The credential was removed.";
        });
    }

    private String act(Actor actor, UUID workspaceId, Model model,
                       Function<WorkspaceAccess, String> action) {
        return PageActions.run(model, access(actor, workspaceId), action, () -> tools(actor, workspaceId, model));
    }

    private WorkspaceAccess access(Actor actor, UUID workspaceId) {
        return workspaces.access(actor, new WorkspaceId(workspaceId));
    }
}
