package dev.custos.agent;

import java.util.UUID;

import dev.custos.identity.Actor;
import dev.custos.platform.AgentId;
import dev.custos.platform.SessionId;
import dev.custos.platform.WorkspaceId;
import dev.custos.workspace.Workspaces;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A terminal client's answer to a local tool call its run handed it ({@code custos run} in a folder), and how far
 * the workspace lets terminal clients go.
 */
@RestController
class LocalCallController {

    private final LocalCalls calls;
    private final TerminalToolPolicy policy;
    private final Workspaces workspaces;

    LocalCallController(LocalCalls calls, TerminalToolPolicy policy, Workspaces workspaces) {
        this.calls = calls;
        this.policy = policy;
        this.workspaces = workspaces;
    }

    /** How far the workspace lets terminal clients go: all, read or none. */
    record Policy(@NotNull TerminalToolPolicy.Allowed allowed) {
    }

    @GetMapping("/api/workspaces/{workspaceId}/terminal-tools")
    Policy policy(Actor actor, @PathVariable UUID workspaceId) {
        return new Policy(policy.get(workspaces.access(actor, new WorkspaceId(workspaceId))));
    }

    @PutMapping("/api/workspaces/{workspaceId}/terminal-tools")
    Policy change(Actor actor, @PathVariable UUID workspaceId, @Valid @RequestBody Policy requested) {
        return new Policy(policy.change(workspaces.access(actor, new WorkspaceId(workspaceId)),
                requested.allowed()));
    }

    /** What the client did: its output (a file's text, a diff, a command's output, or why it refused). */
    record LocalResult(@NotNull String output, @NotNull LocalCalls.Outcome outcome, @PositiveOrZero long durationMs) {
        @Override
        public String toString() {
            return "LocalResult[" + outcome + ", " + output.length() + " chars]"; // never the content
        }
    }

    @PostMapping("/api/workspaces/{workspaceId}/agents/{agentId}/sessions/{sessionId}/local-results/{callId}")
    SessionInfo answer(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID agentId,
                       @PathVariable UUID sessionId, @PathVariable String callId,
                       @Valid @RequestBody LocalResult result) {
        return calls.answer(workspaces.access(actor, new WorkspaceId(workspaceId)), new AgentId(agentId),
                new SessionId(sessionId), callId, result.output(), result.outcome(), result.durationMs());
    }
}
