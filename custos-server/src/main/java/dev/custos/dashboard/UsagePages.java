package dev.custos.dashboard;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.agent.Agent;
import dev.custos.agent.Agents;
import dev.custos.identity.Actor;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.usage.Metering;
import dev.custos.workspace.ApiKeys;
import dev.custos.workspace.Member;
import dev.custos.workspace.Memberships;
import dev.custos.workspace.WorkspaceAccess;
import dev.custos.workspace.Workspaces;
import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** Usage in the dashboard: tokens and tool calls per day, per agent, person or API key, as charts and a table. */
@Controller
class UsagePages {

    private final Metering metering;
    private final Workspaces workspaces;
    private final Memberships memberships;
    private final ApiKeys apiKeys;
    private final Agents agents;
    private final Clock clock;

    UsagePages(Metering metering, Workspaces workspaces, Memberships memberships, ApiKeys apiKeys, Agents agents,
               Clock clock) {
        this.metering = metering;
        this.workspaces = workspaces;
        this.memberships = memberships;
        this.apiKeys = apiKeys;
        this.agents = agents;
        this.clock = clock;
    }

    /** One row of the table: a day and key with its totals, the key named. */
    record Row(LocalDate day, String name, long calls, long inputTokens, long outputTokens, long toolCalls) {
    }

    @GetMapping("/workspaces/{workspaceId}/usage")
    String usage(Actor actor, @PathVariable UUID workspaceId, @RequestParam(defaultValue = "agent") String by,
                 @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate from,
                 @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate to,
                 Model model) {
        WorkspaceAccess access = workspaces.access(actor, new WorkspaceId(workspaceId));
        LocalDate until = to != null ? to : LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate since = from != null ? from : until.minusDays(29);
        Metering.Split split = Metering.Split.of(by);
        model.addAttribute("workspace", workspaces.get(access));
        model.addAttribute("by", by);
        model.addAttribute("from", since);
        model.addAttribute("to", until);
        try {
            List<Metering.DayTotal> days = metering.dailyTotals(access, since, until, split);
            Map<UUID, String> names = names(access, split);
            model.addAttribute("tokens", UsageChart.draw(days, since, until, names,
                    day -> day.inputTokens() + day.outputTokens(), "Tokens"));
            model.addAttribute("tools", UsageChart.draw(days, since, until, names, Metering.DayTotal::toolCalls,
                    "Tool calls"));
            model.addAttribute("rows", days.stream().map(day -> new Row(day.day(),
                    day.key() == null ? "all" : names.getOrDefault(day.key(), "(gone)"), day.calls(),
                    day.inputTokens(), day.outputTokens(), day.toolCalls())).toList().reversed());
            model.addAttribute("totalIn", days.stream().mapToLong(Metering.DayTotal::inputTokens).sum());
            model.addAttribute("totalOut", days.stream().mapToLong(Metering.DayTotal::outputTokens).sum());
            model.addAttribute("totalTools", days.stream().mapToLong(Metering.DayTotal::toolCalls).sum());
            model.addAttribute("totalCalls", days.stream().mapToLong(Metering.DayTotal::calls).sum());
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
        }
        return "dashboard/usage";
    }

    private Map<UUID, String> names(WorkspaceAccess access, Metering.Split split) {
        Map<UUID, String> names = new HashMap<>();
        switch (split) {
            case AGENT -> names.putAll(Agent.namesById(agents.list(access)));
            case PERSON -> memberships.members(access).forEach((Member m) -> names.put(m.personId().id(), m.name()));
            case API_KEY -> apiKeys.list(access).forEach(key -> names.put(key.keyId(), key.name() + " (cst_"
                    + key.prefix() + ")"));
            case NONE -> {
            }
        }
        return names;
    }
}
