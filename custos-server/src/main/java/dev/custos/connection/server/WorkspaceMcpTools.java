package dev.custos.connection.server;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.custos.agent.Agent;
import dev.custos.agent.Agents;
import dev.custos.agent.SessionEvent;
import dev.custos.agent.SessionInfo;
import dev.custos.agent.Sessions;
import dev.custos.identity.Actor;
import dev.custos.knowledge.KnowledgeSearch;
import dev.custos.platform.AgentId;
import dev.custos.platform.SessionId;
import dev.custos.platform.web.CustosException;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import dev.custos.workspace.Workspaces;
import org.springframework.stereotype.Component;

/**
 * What an MCP client may do in the workspace of the API key it presents: list the agents and search the knowledge
 * (scope {@code read}), run an agent (scope {@code write}). Every call goes through the same services, checks and
 * audit as the API; a refusal comes back as the tool's error.
 */
@Component
class WorkspaceMcpTools {

    static final Duration RUN_WAIT = Duration.ofMinutes(2);

    private final Workspaces workspaces;
    private final Agents agents;
    private final Sessions sessions;
    private final KnowledgeSearch knowledge;

    WorkspaceMcpTools(Workspaces workspaces, Agents agents, Sessions sessions, KnowledgeSearch knowledge) {
        this.workspaces = workspaces;
        this.agents = agents;
        this.sessions = sessions;
        this.knowledge = knowledge;
    }

    /** The API key's standing in its workspace; a browser's sign-in is not accepted here. */
    WorkspaceAccess access(Actor actor) {
        if (actor.apiKey() == null) {
            throw CustosException.forbidden("Connect with a Custos API key: send it as Authorization: Bearer.");
        }
        return workspaces.access(actor, actor.apiKey().workspace());
    }

    /** Whether the key's scopes allow the permission: what {@code tools/list} shows. */
    boolean allows(Actor actor, Permission permission) {
        return actor.apiKey() != null && actor.apiKey().scopes().contains(permission.scope());
    }

    String listAgents(Actor actor) {
        List<Agent> all = agents.list(access(actor));
        if (all.isEmpty()) {
            return "This workspace has no agents.";
        }
        StringBuilder text = new StringBuilder();
        for (Agent agent : all) {
            text.append("- ").append(agent.name()).append(" (id ").append(agent.id()).append("): model ")
                    .append(agent.model()).append(agent.tools().isEmpty() ? "" : ", tools "
                            + String.join(", ", agent.tools())).append('\n');
        }
        return text.toString().strip();
    }

    /** Starts a session with the message and waits for the agent's answer (or for a person's approval). */
    String runAgent(Actor actor, String agentNameOrId, String message) {
        WorkspaceAccess access = access(actor);
        access.require(Permission.WRITE);
        Agent agent = agents.list(access).stream()
                .filter(candidate -> candidate.id().toString().equals(agentNameOrId)
                        || candidate.name().equalsIgnoreCase(agentNameOrId.strip()))
                .findFirst().orElseThrow(() -> CustosException.notFound("Agent '" + agentNameOrId + "'"));
        AgentId agentId = new AgentId(agent.id());
        SessionInfo started = sessions.start(access, agentId, message);
        SessionId session = new SessionId(started.id());
        Instant deadline = Instant.now().plus(RUN_WAIT);
        SessionInfo now = started;
        while (now.status().equals("running") && Instant.now().isBefore(deadline)) {
            sleep();
            now = sessions.get(access, agentId, session);
        }
        String link = "/workspaces/" + access.workspace() + "/sessions/" + session;
        if (now.status().equals("awaiting_approval")) {
            return "The agent waits for a person's approval of a tool call; decide at " + link + ".";
        }
        if (now.status().equals("running")) {
            return "The agent is still working; follow the session at " + link + ".";
        }
        List<SessionEvent> events = sessions.events(access, agentId, session, started.streamFrom(), false);
        String answer = SessionEvent.lastAnswer(events).orElse("(the run ended without an answer; see the session)");
        return answer + "\n\n(session " + link + ")";
    }

    String searchKnowledge(Actor actor, String query, int limit) {
        WorkspaceAccess access = access(actor);
        return KnowledgeSearch.cited(access.workspace(), knowledge.search(access, null, query, limit));
    }

    static String text(Map<String, Object> arguments, String name) {
        Object value = arguments == null ? null : arguments.get(name);
        if (!(value instanceof String text) || text.isBlank()) {
            throw new IllegalArgumentException(name + " is required.");
        }
        return text;
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
