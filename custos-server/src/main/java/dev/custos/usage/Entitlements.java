package dev.custos.usage;

import java.time.Clock;
import java.time.Clock;
import java.util.List;

import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * What a workspace's plan allows, checked by the server where each feature or limit is used (BL-01). With billing
 * off everything is allowed and nothing is read. A refusal names the plan the workspace is on and the plans that
 * would allow it.
 */
@Service
public class Entitlements {

    private final Plans plans;
    private final Metering metering;
    private final Clock clock;
    private final List<StoredBytes> stored;

    Entitlements(Plans plans, Metering metering, Clock clock, List<StoredBytes> stored) {
        this.stored = List.copyOf(stored);
        this.plans = plans;
        this.metering = metering;
        this.clock = clock;
    }

    /**
     * Counts an agent run as it begins, in the caller's transaction, and refuses it (the count rolled back with the
     * caller's) when it would pass the plan's monthly runs: concurrent runs count one at a time on the month's row.
     */
    public void countRun(WorkspaceId workspace) {
        long runs = metering.countRun(workspace, clock.instant());
        Plan plan = plans.of(workspace).plan();
        Long cap = plan.limit(Limit.MONTHLY_RUNS);
        if (cap != null && runs > cap) {
            throw limitReached(plan, Limit.MONTHLY_RUNS, cap);
        }
    }

    public boolean includes(WorkspaceId workspace, Feature feature) {
        return plans.of(workspace).plan().includes(feature);
    }

    /** Refuses with {@code plan-required} unless the workspace's plan includes the feature. */
    public void require(WorkspaceId workspace, Feature feature) {
        String refusal = refusal(workspace, feature);
        if (refusal != null) {
            throw new CustosException(HttpStatus.FORBIDDEN, "plan-required", refusal)
                    .with("feature", feature.key()).with("plan", plans.of(workspace).plan().id())
                    .with("plansIncluding", including(feature).stream().map(Plan::id).toList());
        }
    }

    /**
     * Why the workspace may not use the feature, naming its plan and those that include it; null when it may. For
     * a tool, which reports a refusal to the model rather than failing the run.
     */
    public @Nullable String refusal(WorkspaceId workspace, Feature feature) {
        Plan plan = plans.of(workspace).plan();
        if (plan.includes(feature)) {
            return null;
        }
        List<String> allowing = including(feature).stream().map(Plan::name).toList();
        return feature.label() + " is not part of this workspace's plan (" + plan.name() + ")"
                + (allowing.isEmpty() ? "." : "; it is part of " + String.join(", ", allowing) + ".");
    }

    private List<Plan> including(Feature feature) {
        return plans.offered().stream().filter(offer -> offer.includes(feature)).toList();
    }

    /** The plan's cap on this, or null when it has none. */
    public @Nullable Long limit(WorkspaceId workspace, Limit limit) {
        return plans.of(workspace).plan().limit(limit);
    }

    /** Refuses with {@code plan-limit-reached} when {@code inUse} has already reached the plan's cap. */
    public void requireRoom(WorkspaceId workspace, Limit limit, long inUse) {
        Plan plan = plans.of(workspace).plan();
        Long cap = plan.limit(limit);
        if (cap != null && inUse >= cap) {
            throw limitReached(plan, limit, cap);
        }
    }

    /**
     * Refuses with {@code plan-limit-reached} when storing {@code adding} more bytes would pass the plan's storage.
     * Uploads racing each other may pass it by one upload, never more.
     */
    public void requireStorage(WorkspaceId workspace, long adding) {
        Plan plan = plans.of(workspace).plan();
        Long cap = plan.limit(Limit.STORAGE);
        if (cap != null && stored.stream().mapToLong(module -> module.bytes(workspace)).sum() + adding > cap) {
            throw limitReached(plan, Limit.STORAGE, cap);
        }
    }

    static CustosException limitReached(Plan plan, Limit limit, long cap) {
        return new CustosException(HttpStatus.FORBIDDEN, "plan-limit-reached", "This workspace's plan ("
                + plan.name() + ") allows " + cap + " " + limit.unit() + ".")
                .with("limit", limit.key()).with("plan", plan.id()).with("allowed", cap);
    }
}
