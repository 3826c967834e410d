package dev.custos.usage;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import dev.custos.identity.Actor;
import dev.custos.platform.WorkspaceId;
import dev.custos.workspace.Workspaces;
import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/workspaces/{id}/usage}: day totals, the last 30 days unless asked otherwise. */
@RestController
class UsageController {

    private final Metering metering;
    private final Workspaces workspaces;
    private final Clock clock;

    UsageController(Metering metering, Workspaces workspaces, Clock clock) {
        this.metering = metering;
        this.workspaces = workspaces;
        this.clock = clock;
    }

    record Usage(LocalDate from, LocalDate to, String by, List<Metering.DayTotal> days) {
    }

    @GetMapping("/api/workspaces/{workspaceId}/usage")
    Usage usage(Actor actor, @PathVariable UUID workspaceId,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate from,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate to,
                @RequestParam(required = false) @Nullable String by) {
        LocalDate until = to != null ? to : LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate since = from != null ? from : until.minusDays(29);
        Metering.Split split = Metering.Split.of(by);
        return new Usage(since, until, split.name().toLowerCase(Locale.ROOT),
                metering.dailyTotals(workspaces.access(actor, new WorkspaceId(workspaceId)), since, until, split));
    }
}
