package dev.custos.dashboard;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import dev.custos.agent.Agent;
import dev.custos.agent.Agents;
import dev.custos.agent.SessionHistory;
import dev.custos.agent.SessionQuery;
import dev.custos.agent.SessionSummary;
import dev.custos.identity.Actor;
import dev.custos.platform.WorkspaceId;
import dev.custos.usage.Metering;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import dev.custos.workspace.Workspaces;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * A workspace's own page: its agents, its recent sessions and those waiting for an approval, and this month's
 * tokens and tool calls.
 */
@Controller
class OverviewPage {

    private final Workspaces workspaces;
    private final Agents agents;
    private final SessionHistory history;
    private final Metering metering;
    private final Clock clock;

    OverviewPage(Workspaces workspaces, Agents agents, SessionHistory history, Metering metering, Clock clock) {
        this.workspaces = workspaces;
        this.agents = agents;
        this.history = history;
        this.metering = metering;
        this.clock = clock;
    }

    @GetMapping("/workspaces/{workspaceId}")
    String overview(Actor actor, @PathVariable UUID workspaceId, Model model) {
        WorkspaceAccess access = workspaces.access(actor, new WorkspaceId(workspaceId));
        List<Agent> list = agents.list(access);
        List<SessionSummary> recent = history.search(access, new SessionQuery(null, null, null, null, null, null, 8));
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        var month = metering.dailyTotals(access, today.withDayOfMonth(1), today, Metering.Split.AGENT);
        model.addAttribute("workspace", workspaces.get(access));
        model.addAttribute("agents", list);
        model.addAttribute("agentNames", Agent.namesById(list));
        model.addAttribute("recent", recent);
        model.addAttribute("waiting", history.search(access, new SessionQuery(null, "awaiting_approval", null, null,
                null, null, 50)));
        model.addAttribute("tokensThisMonth", month.stream().mapToLong(d -> d.inputTokens() + d.outputTokens()).sum());
        model.addAttribute("toolCallsThisMonth", month.stream().mapToLong(Metering.DayTotal::toolCalls).sum());
        model.addAttribute("canWrite", access.role().allows(Permission.WRITE));
        return "dashboard/overview";
    }
}
