package dev.custos.agent;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import dev.custos.identity.Actor;
import dev.custos.platform.AgentId;
import dev.custos.platform.SessionId;
import dev.custos.platform.WorkspaceId;
import dev.custos.workspace.Workspaces;
import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/workspaces/{id}/sessions}: the workspace's session history across agents, filtered by agent,
 * status, who started it and when (UTC days, inclusive), and searched for words in what was said.
 */
@RestController
class WorkspaceSessionsController {

    private final Sessions sessions;
    private final SessionHistory history;
    private final NeedToKnow needToKnow;
    private final Workspaces workspaces;

    WorkspaceSessionsController(Sessions sessions, SessionHistory history, NeedToKnow needToKnow, Workspaces workspaces) {
        this.sessions = sessions;
        this.history = history;
        this.needToKnow = needToKnow;
        this.workspaces = workspaces;
    }

    @GetMapping("/api/workspaces/{workspaceId}/sessions")
    List<SessionSummary> history(Actor actor, @PathVariable UUID workspaceId,
                                 @RequestParam(required = false) @Nullable UUID agent,
                                 @RequestParam(required = false) @Nullable String status,
                                 @RequestParam(required = false) @Nullable UUID person,
                                 @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                                 @Nullable LocalDate from,
                                 @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                                 @Nullable LocalDate to,
                                 @RequestParam(required = false) @Nullable String q,
                                 @RequestParam(defaultValue = "50") int limit) {
        return history.search(workspaces.access(actor, new WorkspaceId(workspaceId)), query(agent, status, person,
                from, to, q, limit));
    }

    /** One session for review, whichever agent it belongs to: its state and every event but the text deltas. */
    @GetMapping("/api/workspaces/{workspaceId}/sessions/{sessionId}")
    Map<String, Object> session(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID sessionId) {
        var access = workspaces.access(actor, new WorkspaceId(workspaceId));
        SessionInfo session = sessions.get(access, new SessionId(sessionId));
        var body = new LinkedHashMap<String, Object>();
        body.put("session", session);
        body.put("events", sessions.events(access, new AgentId(session.agentId()), new SessionId(sessionId), 0, false));
        return body;
    }

    record Sharing(@NotNull Boolean shared) {
    }

    /**
     * Shares a session with the whole workspace, or takes it back to need-to-know (the person who ran it, and the
     * workspace's owners and admins).
     */
    @PutMapping("/api/workspaces/{workspaceId}/sessions/{sessionId}/sharing")
    SessionInfo share(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID sessionId,
                      @Valid @RequestBody Sharing sharing) {
        return needToKnow.share(workspaces.access(actor, new WorkspaceId(workspaceId)), sessionId, sharing.shared());
    }

    static SessionQuery query(@Nullable UUID agent, @Nullable String status, @Nullable UUID person,
                              @Nullable LocalDate from, @Nullable LocalDate to, @Nullable String q, int limit) {
        return new SessionQuery(agent, status, person,
                from == null ? null : from.atStartOfDay().toInstant(ZoneOffset.UTC),
                to == null ? null : to.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC), q, limit);
    }
}
