package dev.custos.agent;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.identity.Actor;
import dev.custos.platform.AgentId;
import dev.custos.platform.SessionId;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.platform.web.Markdown;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import dev.custos.workspace.Workspaces;
import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Sessions in the dashboard: the history (filtered, and searched in what was said), and one session live — its
 * transcript rendered on the server, followed as it streams by {@code /js/session.js}, with approvals, new
 * messages and stop. Every form also works without JavaScript.
 */
@Controller
class SessionPages {

    private final Sessions sessions;
    private final SessionHistory history;
    private final NeedToKnow needToKnow;
    private final Agents agents;
    private final Workspaces workspaces;
    private final Markdown markdown;

    SessionPages(Sessions sessions, SessionHistory history, NeedToKnow needToKnow, Agents agents, Workspaces workspaces,
                 Markdown markdown) {
        this.markdown = markdown;
        this.sessions = sessions;
        this.history = history;
        this.needToKnow = needToKnow;
        this.agents = agents;
        this.workspaces = workspaces;
    }

    @GetMapping("/workspaces/{workspaceId}/sessions")
    String history(Actor actor, @PathVariable UUID workspaceId, @RequestParam(required = false) @Nullable UUID agent,
                   @RequestParam(required = false) @Nullable String status,
                   @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate from,
                   @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate to,
                   @RequestParam(required = false) @Nullable String q,
                   @RequestHeader(value = "HX-Request", required = false) @Nullable String htmx, Model model) {
        WorkspaceAccess access = access(actor, workspaceId);
        List<Agent> list = agents.list(access);
        model.addAttribute("workspace", workspaces.get(access));
        model.addAttribute("agents", list);
        model.addAttribute("agentNames", Agent.namesById(list));
        model.addAttribute("filter", Map.of("agent", agent == null ? "" : agent.toString(),
                "status", status == null ? "" : status, "from", from == null ? "" : from.toString(),
                "to", to == null ? "" : to.toString(), "q", q == null ? "" : q));
        try {
            model.addAttribute("found", history.search(access, WorkspaceSessionsController.query(agent, status, null,
                    from, to, q, 100)));
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
            model.addAttribute("found", List.of());
        }
        model.addAttribute("searchScope", SessionQuery.SEARCH_SCOPE);
        // htmx asks for the results alone as the filters change; a plain request gets the whole page.
        return htmx != null ? "agent/history :: results" : "agent/history";
    }

    @GetMapping("/workspaces/{workspaceId}/sessions/{sessionId}")
    String session(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID sessionId, Model model) {
        transcript(actor, workspaceId, sessionId, model);
        return "agent/session";
    }

    /** The transcript alone, for the live page to swap in when the run moves on. */
    @GetMapping("/workspaces/{workspaceId}/sessions/{sessionId}/transcript")
    String transcriptFragment(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID sessionId, Model model) {
        transcript(actor, workspaceId, sessionId, model);
        return "agent/session :: transcript";
    }

    @PostMapping("/workspaces/{workspaceId}/sessions/{sessionId}/messages")
    String send(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID sessionId,
                @RequestParam(defaultValue = "") String message, Model model) {
        return act(actor, workspaceId, sessionId, model, (access, session) ->
                sessions.send(access, new AgentId(session.agentId()), new SessionId(sessionId), message));
    }

    @PostMapping("/workspaces/{workspaceId}/sessions/{sessionId}/approvals/{callId}")
    String decide(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID sessionId,
                  @PathVariable String callId, @RequestParam(defaultValue = "") String decision, Model model) {
        return act(actor, workspaceId, sessionId, model, (access, session) -> {
            if (!decision.equals("approve") && !decision.equals("reject")) {
                throw CustosException.invalid("invalid-decision", "Choose approve or reject.");
            }
            sessions.decide(access, new AgentId(session.agentId()), new SessionId(sessionId), callId,
                    decision.equals("approve"));
        });
    }

    @PostMapping("/workspaces/{workspaceId}/sessions/{sessionId}/cancel")
    String cancel(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID sessionId, Model model) {
        return act(actor, workspaceId, sessionId, model, (access, session) ->
                sessions.cancel(access, new AgentId(session.agentId()), new SessionId(sessionId)));
    }

    @PostMapping("/workspaces/{workspaceId}/sessions/{sessionId}/sharing")
    String share(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID sessionId,
                 @RequestParam(defaultValue = "false") boolean shared, Model model) {
        return act(actor, workspaceId, sessionId, model, (access, session) -> needToKnow.share(access, sessionId, shared));
    }

    /** Older links, from before the history lived under the workspace. */
    @GetMapping("/workspaces/{workspaceId}/agents/{agentId}/sessions/{sessionId}")
    String legacy(@PathVariable UUID workspaceId, @PathVariable UUID sessionId) {
        return "redirect:/workspaces/" + workspaceId + "/sessions/" + sessionId;
    }

    private void transcript(Actor actor, UUID workspaceId, UUID sessionId, Model model) {
        WorkspaceAccess access = access(actor, workspaceId);
        SessionInfo session = sessions.get(access, new SessionId(sessionId));
        List<SessionEvent> events = sessions.events(access, new AgentId(session.agentId()), new SessionId(sessionId),
                0, false);
        model.addAttribute("workspace", workspaces.get(access));
        model.addAttribute("agent", agents.get(access, new AgentId(session.agentId())));
        model.addAttribute("run", session); // "session" is Thymeleaf's name for the HTTP session
        model.addAttribute("events", events);
        model.addAttribute("rendered", rendered(events));
        model.addAttribute("results", results(events));
        model.addAttribute("pending", pendingApprovals(events));
        model.addAttribute("canWrite", access.role().allows(Permission.WRITE));
        model.addAttribute("canShare", session.personId().equals(actor.person().id())
                || access.can(Permission.REVIEW_SESSIONS));
    }

    private interface SessionAction {
        void run(WorkspaceAccess access, SessionInfo session);
    }

    private String act(Actor actor, UUID workspaceId, UUID sessionId, Model model, SessionAction action) {
        WorkspaceAccess access = access(actor, workspaceId);
        try {
            action.run(access, sessions.get(access, new SessionId(sessionId)));
            return "redirect:/workspaces/" + workspaceId + "/sessions/" + sessionId;
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
            return session(actor, workspaceId, sessionId, model);
        }
    }

    /** What people and agents wrote, as HTML from its Markdown (raw HTML in it shown as text), by event seq. */
    private Map<Long, String> rendered(List<SessionEvent> events) {
        var html = new HashMap<Long, String>();
        events.stream().filter(event -> event.content().get("text") != null)
                .forEach(event -> html.put(event.seq(), markdown.html(event.content().get("text"))));
        return html;
    }

    /** Tool results by the call they answer, so each call is shown with its result as one step. */
    private static Map<Object, SessionEvent> results(List<SessionEvent> events) {
        var results = new HashMap<Object, SessionEvent>();
        events.stream().filter(event -> event.kind() == SessionEvent.Kind.TOOL_RESULT)
                .forEach(event -> results.put(event.meta().get("callId"), event));
        return results;
    }

    /** The approval requests of the session not yet followed by a decision. */
    private static List<SessionEvent> pendingApprovals(List<SessionEvent> events) {
        var decided = events.stream().filter(event -> event.kind() == SessionEvent.Kind.APPROVAL_DECIDED)
                .map(event -> event.meta().get("callId")).toList();
        return events.stream().filter(event -> event.kind() == SessionEvent.Kind.APPROVAL_REQUESTED)
                .filter(event -> !decided.contains(event.meta().get("callId")))
                .filter(event -> events.stream().noneMatch(other -> other.kind() == SessionEvent.Kind.TOOL_RESULT
                        && other.meta().get("callId").equals(event.meta().get("callId"))))
                .toList();
    }

    private WorkspaceAccess access(Actor actor, UUID workspaceId) {
        return workspaces.access(actor, new WorkspaceId(workspaceId));
    }
}
