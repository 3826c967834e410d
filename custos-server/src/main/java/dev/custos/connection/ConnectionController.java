package dev.custos.connection;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import dev.custos.identity.Actor;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.workspace.WorkspaceAccess;
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

/** A workspace's connected systems: listed to members, made, scoped, re-listed and revoked by admins. */
@RestController
class ConnectionController {

    private final Connections connections;
    private final Workspaces workspaces;

    ConnectionController(Connections connections, Workspaces workspaces) {
        this.connections = connections;
        this.workspaces = workspaces;
    }

    /** An MCP server to connect: {@code kind} is {@code mcp} (GitHub, Slack and Notion connect through OAuth). */
    record ConnectRequest(@NotBlank @Size(max = 20) String kind, @NotBlank @Size(max = 100) String name,
                          @NotBlank @Size(max = 24) String handle, @NotBlank @Size(max = 2000) String url,
                          @NotBlank @Size(max = 20) String scope, @Nullable @Size(max = 16384) String token) {
        @Override
        public String toString() {
            return "ConnectRequest[" + kind + ", " + handle + "]";
        }
    }

    record ScopeRequest(@NotBlank @Size(max = 20) String scope) {
    }

    record TokenRequest(@NotBlank @Size(max = 16384) String token) {
        @Override
        public String toString() {
            return "TokenRequest[redacted]";
        }
    }

    @GetMapping("/api/workspaces/{workspaceId}/connections")
    List<Connection> list(Actor actor, @PathVariable UUID workspaceId) {
        return connections.list(access(actor, workspaceId));
    }

    @GetMapping("/api/workspaces/{workspaceId}/connections/{connectionId}")
    Connection get(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID connectionId) {
        return connections.get(access(actor, workspaceId), connectionId);
    }

    /** Connects a system after listing its tools; nothing is stored when that fails. */
    @PostMapping("/api/workspaces/{workspaceId}/connections")
    @ResponseStatus(HttpStatus.CREATED)
    Connection connect(Actor actor, @PathVariable UUID workspaceId, @Valid @RequestBody ConnectRequest request) {
        WorkspaceAccess access = access(actor, workspaceId);
        if (!request.kind().equals("mcp")) {
            throw CustosException.invalid("invalid-connection-kind",
                    "kind must be mcp here; GitHub, Slack and Notion are connected through their sign-in pages.");
        }
        return connections.connectMcp(access, new Connections.NewMcpConnection(request.name(), request.handle(),
                request.url(), request.scope(), request.token()));
    }

    @PutMapping("/api/workspaces/{workspaceId}/connections/{connectionId}/scope")
    Connection scope(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID connectionId,
                     @Valid @RequestBody ScopeRequest request) {
        return connections.changeScope(access(actor, workspaceId), connectionId, request.scope());
    }

    @PutMapping("/api/workspaces/{workspaceId}/connections/{connectionId}/token")
    Connection token(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID connectionId,
                     @Valid @RequestBody TokenRequest request) {
        return connections.replaceToken(access(actor, workspaceId), connectionId, request.token());
    }

    @PostMapping("/api/workspaces/{workspaceId}/connections/{connectionId}/tools/refresh")
    Connection refresh(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID connectionId) {
        return connections.refreshTools(access(actor, workspaceId), connectionId);
    }

    /** Revokes: the token is gone at once, the record stays. */
    @DeleteMapping("/api/workspaces/{workspaceId}/connections/{connectionId}")
    Connection revoke(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID connectionId) {
        return connections.revoke(access(actor, workspaceId), connectionId);
    }

    private WorkspaceAccess access(Actor actor, UUID workspaceId) {
        return workspaces.access(actor, new WorkspaceId(workspaceId));
    }
}
