package dev.custos.tool;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import dev.custos.identity.Actor;
import dev.custos.platform.WorkspaceId;
import dev.custos.workspace.Permission;
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

/** The built-in tools, a workspace's tool rules and the credentials its tools send to connected systems. */
@RestController
class ToolController {

    private final Tools tools;
    private final ToolSettings settings;
    private final ToolCredentials credentials;
    private final Workspaces workspaces;

    ToolController(Tools tools, ToolSettings settings, ToolCredentials credentials, Workspaces workspaces) {
        this.credentials = credentials;
        this.tools = tools;
        this.settings = settings;
        this.workspaces = workspaces;
    }

    /**
     * A tool as the API shows it.
     *
     * @param origin  {@code built-in}, or the connection it comes from and what it may do
     * @param offered whether a model is offered it now (a connection's scope or revocation may keep it back)
     */
    record ToolInfo(String name, String description, String parametersSchema, String origin, boolean offered) {
        static ToolInfo of(Tool tool) {
            return new ToolInfo(tool.name(), tool.description(), tool.parametersSchema(), tool.origin(),
                    tool.offered());
        }
    }

    record SettingsRequest(@NotNull List<String> httpAllowedHosts) {
    }

    record SecretRequest(@NotBlank @Size(max = 16384) String secret) {
        @Override
        public String toString() {
            return "SecretRequest[redacted]";
        }
    }

    record CredentialRequest(@NotBlank @Size(max = 100) String name, @NotBlank @Size(max = 253) String host,
                             @Nullable @Size(max = 64) String headerName, @Nullable @Size(max = 20) String scheme,
                             @NotBlank @Size(max = 16384) String secret) {
        @Override
        public String toString() {
            return "CredentialRequest[" + name + ", " + host + "]";
        }
    }

    /** The built-in tools, which every workspace has. */
    @GetMapping("/api/tools")
    List<ToolInfo> list(Actor actor) {
        return tools.builtIn().stream().map(ToolInfo::of).toList();
    }

    /** The tools a workspace's agents may be given: the built-in ones and those of its connections. */
    @GetMapping("/api/workspaces/{workspaceId}/tools")
    List<ToolInfo> workspaceTools(Actor actor, @PathVariable UUID workspaceId) {
        var access = workspaces.access(actor, new WorkspaceId(workspaceId));
        access.require(Permission.READ);
        return tools.available(access.workspace()).stream().map(ToolInfo::of).toList();
    }

    @GetMapping("/api/workspaces/{workspaceId}/tool-settings")
    ToolSettings.HttpHosts settings(Actor actor, @PathVariable UUID workspaceId) {
        return settings.settings(workspaces.access(actor, new WorkspaceId(workspaceId)));
    }

    @PutMapping("/api/workspaces/{workspaceId}/tool-settings")
    ToolSettings.HttpHosts change(Actor actor, @PathVariable UUID workspaceId, @Valid @RequestBody SettingsRequest request) {
        return settings.change(workspaces.access(actor, new WorkspaceId(workspaceId)),
                new ToolSettings.HttpHosts(request.httpAllowedHosts()));
    }

    @GetMapping("/api/workspaces/{workspaceId}/tool-credentials")
    List<ToolCredentials.Credential> credentials(Actor actor, @PathVariable UUID workspaceId) {
        return credentials.list(workspaces.access(actor, new WorkspaceId(workspaceId)));
    }

    /** Stores a credential for one host; the answer shows its hint, never the secret. */
    @PostMapping("/api/workspaces/{workspaceId}/tool-credentials")
    @ResponseStatus(HttpStatus.CREATED)
    ToolCredentials.Credential addCredential(Actor actor, @PathVariable UUID workspaceId,
                                             @Valid @RequestBody CredentialRequest request) {
        return credentials.add(workspaces.access(actor, new WorkspaceId(workspaceId)),
                new ToolCredentials.NewCredential(request.name(), request.host(), request.headerName(),
                        request.scheme(), request.secret()));
    }

    /** Replaces a credential's secret after it was rotated at its source. */
    @PutMapping("/api/workspaces/{workspaceId}/tool-credentials/{credentialId}/secret")
    ToolCredentials.Credential replaceSecret(Actor actor, @PathVariable UUID workspaceId,
                                             @PathVariable UUID credentialId, @Valid @RequestBody SecretRequest request) {
        return credentials.replaceSecret(workspaces.access(actor, new WorkspaceId(workspaceId)), credentialId,
                request.secret());
    }

    @DeleteMapping("/api/workspaces/{workspaceId}/tool-credentials/{credentialId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void removeCredential(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID credentialId) {
        credentials.remove(workspaces.access(actor, new WorkspaceId(workspaceId)), credentialId);
    }
}
