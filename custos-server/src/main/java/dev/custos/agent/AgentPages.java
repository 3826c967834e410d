package dev.custos.agent;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.identity.Actor;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.workspace.WorkspaceAccess;
import dev.custos.workspace.Workspaces;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Minimal pages for agents: a workspace's agents and recent sessions, a session's transcript with the tool
 * calls waiting for approval and buttons to decide them, and a form to start a session. They call the same
 * services as the API, so the same rules and audit apply.
 */
@Controller
class AgentPages {

    private final Agents agents;
    private final Sessions sessions;
    private final Workspaces workspaces;

    AgentPages(Agents agents, Sessions sessions, Workspaces workspaces) {
        this.agents = agents;
        this.sessions = sessions;
        this.workspaces = workspaces;
    }

    @GetMapping("/workspaces/{workspaceId}/agents")
    String agents(Actor actor, @PathVariable UUID workspaceId, Model model) {
        WorkspaceAccess access = access(actor, workspaceId);
        model.addAttribute("workspace", workspaces.get(access));
        List<Agent> list = agents.list(access);
        model.addAttribute("agents", list);
        model.addAttribute("agentNames", list.stream().collect(java.util.stream.Collectors.toMap(Agent::id,
                Agent::name)));
        model.addAttribute("sessions", sessions.list(access, null, 50));
        return "agent/agents";
    }

    @PostMapping("/workspaces/{workspaceId}/agents/{agentId}/sessions")
    String start(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID agentId,
                 @RequestParam(defaultValue = "") String message, Model model) {
        WorkspaceAccess access = access(actor, workspaceId);
        try {
            SessionInfo session = sessions.start(access, agentId, message);
            return "redirect:/workspaces/" + workspaceId + "/agents/" + agentId + "/sessions/" + session.id();
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
            return agents(actor, workspaceId, model);
        }
    }

    @GetMapping("/workspaces/{workspaceId}/agents/{agentId}/sessions/{sessionId}")
    String session(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID agentId,
                   @PathVariable UUID sessionId, Model model) {
        WorkspaceAccess access = access(actor, workspaceId);
        SessionInfo session = sessions.get(access, agentId, sessionId);
        List<SessionEvent> events = sessions.events(access, agentId, sessionId, 0, false);
        model.addAttribute("workspace", workspaces.get(access));
        model.addAttribute("agent", agents.get(access, agentId));
        model.addAttribute("run", session); // "session" is Thymeleaf's name for the HTTP session
        model.addAttribute("events", events);
        model.addAttribute("pending", pendingApprovals(events));
        return "agent/session";
    }

    @PostMapping("/workspaces/{workspaceId}/agents/{agentId}/sessions/{sessionId}/approvals/{callId}")
    String decide(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID agentId,
                  @PathVariable UUID sessionId, @PathVariable String callId,
                  @RequestParam(defaultValue = "") String decision, Model model) {
        WorkspaceAccess access = access(actor, workspaceId);
        try {
            if (!decision.equals("approve") && !decision.equals("reject")) {
                throw CustosException.invalid("invalid-decision", "Choose approve or reject.");
            }
            sessions.decide(access, agentId, sessionId, callId, decision.equals("approve"));
            return "redirect:/workspaces/" + workspaceId + "/agents/" + agentId + "/sessions/" + sessionId;
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
            return session(actor, workspaceId, agentId, sessionId, model);
        }
    }

    /** The approval requests of the session not yet followed by a decision. */
    private static List<SessionEvent> pendingApprovals(List<SessionEvent> events) {
        var decided = events.stream().filter(event -> event.kind() == SessionEvent.Kind.APPROVAL_DECIDED)
                .map(event -> event.meta().get("callId")).toList();
        return events.stream().filter(event -> event.kind() == SessionEvent.Kind.APPROVAL_REQUESTED)
                .filter(event -> !decided.contains(event.meta().get("callId")))
                .filter(event -> !hasResult(events, event.meta()))
                .toList();
    }

    private static boolean hasResult(List<SessionEvent> events, Map<String, Object> meta) {
        return events.stream().anyMatch(event -> event.kind() == SessionEvent.Kind.TOOL_RESULT
                && event.meta().get("callId").equals(meta.get("callId")));
    }

    private WorkspaceAccess access(Actor actor, UUID workspaceId) {
        return workspaces.access(actor, new WorkspaceId(workspaceId));
    }
}
