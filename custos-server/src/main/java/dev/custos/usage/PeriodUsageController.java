package dev.custos.usage;

import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.custos.identity.Actor;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import dev.custos.workspace.Workspaces;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/workspaces/{id}/usage/period?month=YYYY-MM}: a billing period's tokens, tool calls and runs
 * against the plan's limits (BL-02); this month unless asked otherwise. Billing periods are calendar months (UTC).
 */
@RestController
class PeriodUsageController {

    private final Metering metering;
    private final Plans plans;
    private final Workspaces workspaces;
    private final Clock clock;

    PeriodUsageController(Metering metering, Plans plans, Workspaces workspaces, Clock clock) {
        this.metering = metering;
        this.plans = plans;
        this.workspaces = workspaces;
        this.clock = clock;
    }

    @GetMapping("/api/workspaces/{workspaceId}/usage/period")
    Map<String, Object> period(Actor actor, @PathVariable UUID workspaceId,
                               @RequestParam(required = false) @Nullable String month) {
        WorkspaceAccess access = workspaces.access(actor, new WorkspaceId(workspaceId));
        access.require(Permission.READ);
        YearMonth period = month(month);
        Metering.MonthTotals used = metering.monthTotals(access.workspace(), period);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("month", period.toString());
        answer.put("used", Map.of("tokens", used.tokens(), "toolCalls", used.toolCalls(), "runs", used.runs()));
        if (plans.billing()) {
            Plan plan = plans.of(access.workspace()).plan();
            answer.put("plan", Map.of("id", plan.id(), "name", plan.name()));
            Map<String, Object> limits = new LinkedHashMap<>();
            limits.put("monthlyTokens", plan.monthlyTokens());
            limits.put("monthlyRuns", plan.monthlyRuns());
            limits.put("seats", plan.seats());
            answer.put("limits", limits);
        }
        return answer;
    }

    private YearMonth month(@Nullable String month) {
        if (month == null || month.isBlank()) {
            return YearMonth.now(clock.withZone(ZoneOffset.UTC));
        }
        try {
            return YearMonth.parse(month.strip());
        } catch (DateTimeParseException e) {
            throw CustosException.invalid("invalid-month", "month is a calendar month, YYYY-MM.")
                    .with(CustosException.PARAM, "month");
        }
    }
}
