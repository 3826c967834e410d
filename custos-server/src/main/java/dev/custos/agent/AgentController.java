package dev.custos.agent;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import dev.custos.identity.Actor;
import dev.custos.platform.AgentId;
import dev.custos.platform.SessionId;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.workspace.WorkspaceAccess;
import dev.custos.workspace.Workspaces;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Agents and sessions over REST. Starting a session or sending a message answers with a Server-Sent Events
 * stream of the run (its own message, text as it streams, tool calls and results, approvals, the end); ask for
 * {@code application/json} instead to get the session at once and let the run go on in the background. Every
 * event has its seq as {@code id:}, so a client reconnects with {@code Last-Event-ID} and misses nothing.
 */
@RestController
@RequestMapping("/api/workspaces/{workspaceId}/agents")
class AgentController {

    private final Agents agents;
    private final Sessions sessions;
    private final SessionHistory history;
    private final Workspaces workspaces;
    private final SessionStreams streams;

    AgentController(Agents agents, Sessions sessions, SessionHistory history, Workspaces workspaces,
                    SessionStreams streams) {
        this.agents = agents;
        this.sessions = sessions;
        this.history = history;
        this.workspaces = workspaces;
        this.streams = streams;
    }

    /**
     * A message, and the {@link LocalTools} the client runs from its folder, if it is a terminal client that offers
     * any.
     */
    record MessageRequest(@NotNull @Size(max = Sessions.MAX_MESSAGE_CHARS) String message,
                          @Nullable List<String> localTools) {

        List<String> offered() {
            try {
                return LocalTools.offered(localTools == null ? List.of() : localTools);
            } catch (IllegalArgumentException e) {
                throw CustosException.invalid("unknown-local-tool", "A client may offer these local tools: "
                        + String.join(", ", LocalTools.names()) + ".");
            }
        }

        @Override
        public String toString() {
            return "MessageRequest[" + message.length() + " chars]"; // never the content
        }
    }

    record ApprovalDecision(@NotNull Boolean approve) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Agent create(Actor actor, @PathVariable UUID workspaceId, @Valid @RequestBody AgentSpec spec) {
        return agents.create(access(actor, workspaceId), spec);
    }

    @GetMapping
    List<Agent> list(Actor actor, @PathVariable UUID workspaceId) {
        return agents.list(access(actor, workspaceId));
    }

    @GetMapping("/{agentId}")
    Agent get(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID agentId) {
        return agents.get(access(actor, workspaceId), new AgentId(agentId));
    }

    @PutMapping("/{agentId}")
    Agent update(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID agentId,
                 @Valid @RequestBody AgentSpec spec) {
        return agents.update(access(actor, workspaceId), new AgentId(agentId), spec);
    }

    @DeleteMapping("/{agentId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID agentId) {
        agents.delete(access(actor, workspaceId), new AgentId(agentId));
    }

    @PostMapping("/{agentId}/sessions")
    @Nullable ResponseEntity<SessionInfo> start(Actor actor, @PathVariable UUID workspaceId,
                                                @PathVariable UUID agentId,
                                                @Valid @RequestBody MessageRequest request,
                                                HttpServletRequest http, HttpServletResponse response)
            throws IOException {
        WorkspaceAccess access = access(actor, workspaceId);
        SessionInfo session = sessions.start(access, new AgentId(agentId), request.message(), request.offered());
        return answer(access, agentId, session, http, response, HttpStatus.CREATED);
    }

    @PostMapping("/{agentId}/sessions/{sessionId}/messages")
    @Nullable ResponseEntity<SessionInfo> send(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID agentId,
                                               @PathVariable UUID sessionId, @Valid @RequestBody MessageRequest request,
                                               HttpServletRequest http, HttpServletResponse response)
            throws IOException {
        WorkspaceAccess access = access(actor, workspaceId);
        SessionInfo session = sessions.send(access, new AgentId(agentId), new SessionId(sessionId), request.message(),
                request.offered());
        return answer(access, agentId, session, http, response, HttpStatus.ACCEPTED);
    }

    @GetMapping("/{agentId}/sessions")
    List<SessionInfo> sessions(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID agentId,
                               @RequestParam(defaultValue = "50") int limit) {
        return history.list(access(actor, workspaceId), agentId, Math.clamp(limit, 1, 500));
    }

    @GetMapping("/{agentId}/sessions/{sessionId}")
    Map<String, Object> session(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID agentId,
                                @PathVariable UUID sessionId) {
        WorkspaceAccess access = access(actor, workspaceId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("session", sessions.get(access, new AgentId(agentId), new SessionId(sessionId)));
        body.put("events", sessions.events(access, new AgentId(agentId), new SessionId(sessionId), 0, false));
        return body;
    }

    /** The session's events as a stream: replayed after Last-Event-ID (or {@code after}), then followed live. */
    @GetMapping(value = "/{agentId}/sessions/{sessionId}/events")
    void events(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID agentId, @PathVariable UUID sessionId,
                @RequestHeader(value = "Last-Event-ID", required = false) @Nullable String lastEventId,
                @RequestParam(required = false) @Nullable Long after, HttpServletResponse response) throws IOException {
        WorkspaceAccess access = access(actor, workspaceId);
        SessionInfo session = sessions.open(access, new AgentId(agentId), new SessionId(sessionId));
        long from = after != null ? after : parseEventId(lastEventId);
        streams.follow(access, session, from, response);
    }

    @PostMapping("/{agentId}/sessions/{sessionId}/approvals/{callId}")
    SessionInfo decide(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID agentId,
                       @PathVariable UUID sessionId, @PathVariable String callId,
                       @Valid @RequestBody ApprovalDecision decision) {
        return sessions.decide(access(actor, workspaceId), new AgentId(agentId), new SessionId(sessionId), callId,
                decision.approve());
    }

    @PostMapping("/{agentId}/sessions/{sessionId}/cancel")
    @ResponseStatus(HttpStatus.ACCEPTED)
    SessionInfo cancel(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID agentId,
                       @PathVariable UUID sessionId) {
        return sessions.cancel(access(actor, workspaceId), new AgentId(agentId), new SessionId(sessionId));
    }

    private @Nullable ResponseEntity<SessionInfo> answer(WorkspaceAccess access, UUID agentId, SessionInfo session,
                                                         HttpServletRequest http, HttpServletResponse response,
                                                         HttpStatus status) throws IOException {
        String location = "/api/workspaces/" + access.workspace() + "/agents/" + agentId + "/sessions/" + session.id();
        String accept = http.getHeader(HttpHeaders.ACCEPT);
        if (accept != null && accept.contains(MediaType.APPLICATION_JSON_VALUE)
                && !accept.contains(MediaType.TEXT_EVENT_STREAM_VALUE)) {
            return ResponseEntity.status(status).header(HttpHeaders.LOCATION, location).body(session);
        }
        response.setHeader(HttpHeaders.LOCATION, location);
        response.setHeader("X-Custos-Session-Id", session.id().toString());
        streams.follow(access, session, session.streamFrom(), response);
        return null;
    }

    private static long parseEventId(@Nullable String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(lastEventId.strip()));
        } catch (NumberFormatException e) {
            throw CustosException.invalid("invalid-event-id", "Last-Event-ID must be an event's seq number.");
        }
    }

    private WorkspaceAccess access(Actor actor, UUID workspaceId) {
        return workspaces.access(actor, new WorkspaceId(workspaceId));
    }
}
