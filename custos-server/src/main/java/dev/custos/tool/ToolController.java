package dev.custos.tool;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import dev.custos.identity.Actor;
import dev.custos.platform.WorkspaceId;
import dev.custos.workspace.Workspaces;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The built-in tools and a workspace's tool rules. */
@RestController
class ToolController {

    private final Tools tools;
    private final ToolSettings settings;
    private final Workspaces workspaces;

    ToolController(Tools tools, ToolSettings settings, Workspaces workspaces) {
        this.tools = tools;
        this.settings = settings;
        this.workspaces = workspaces;
    }

    record ToolInfo(String name, String description, String parametersSchema) {
    }

    record SettingsRequest(@NotNull List<String> httpAllowedHosts) {
    }

    @GetMapping("/api/tools")
    List<ToolInfo> list(Actor actor) {
        return tools.all().stream().map(tool -> new ToolInfo(tool.name(), tool.description(), tool.parametersSchema()))
                .toList();
    }

    @GetMapping("/api/workspaces/{workspaceId}/tool-settings")
    ToolSettings.Settings settings(Actor actor, @PathVariable UUID workspaceId) {
        return settings.settings(workspaces.access(actor, new WorkspaceId(workspaceId)));
    }

    @PutMapping("/api/workspaces/{workspaceId}/tool-settings")
    ToolSettings.Settings change(Actor actor, @PathVariable UUID workspaceId, @Valid @RequestBody SettingsRequest request) {
        return settings.change(workspaces.access(actor, new WorkspaceId(workspaceId)),
                new ToolSettings.Settings(request.httpAllowedHosts()));
    }
}
