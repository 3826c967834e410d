package dev.custos.usage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import dev.custos.platform.ChangeNotices;
import dev.custos.platform.NoticedCache;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The plans on offer and the one each workspace is on. With billing off every workspace is on {@link
 * Plan#unlimited()} and nothing is read. A workspace's plan is set only from what the payment processor reports;
 * it is kept in memory and dropped on every node when it changes.
 */
@Service
public class Plans {

    /** Where a workspace stands with its plan. */
    public enum Standing {
        TRIALING, ACTIVE, PAST_DUE;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Standing of(String key) {
            return valueOf(key.toUpperCase(Locale.ROOT));
        }
    }

    /**
     * A workspace's plan and standing; {@code bought} is false on the default plan.
     *
     * @param graceEndsAt when a workspace whose payment failed falls to the default plan
     */
    public record WorkspacePlan(Plan plan, Standing standing, boolean bought, @Nullable Instant trialEndsAt,
                                @Nullable Instant graceEndsAt) {
    }

    /** The topic of changes to a workspace's plan, keyed by workspace (V58's trigger sends it too). */
    private static final String TOPIC = "plans";

    private final PlanProperties properties;
    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final Clock clock;
    private final NoticedCache<WorkspaceId, WorkspacePlan> cached;
    private final ChangeNotices notices;

    Plans(PlanProperties properties, JdbcClient jdbc, Tenancy tenancy, Clock clock, ChangeNotices notices) {
        this.properties = properties;
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.clock = clock;
        this.notices = notices;
        this.cached = new NoticedCache<>(notices, TOPIC, key -> new WorkspaceId(UUID.fromString(key)),
                Duration.ofMinutes(10), clock);
    }

    /** Whether this installation bills workspaces at all. */
    public boolean billing() {
        return properties.billing();
    }

    public List<Plan> offered() {
        return billing() ? properties.plans() : List.of();
    }

    public Optional<Plan> plan(String id) {
        return billing() ? properties.plan(id) : Optional.empty();
    }

    public Plan defaultPlan() {
        return billing() ? properties.plan(properties.defaultPlan()).orElseThrow() : Plan.unlimited();
    }

    public Duration gracePeriod() {
        return properties.gracePeriod();
    }

    /** The workspace's plan now. */
    public WorkspacePlan of(WorkspaceId workspace) {
        if (!billing()) {
            return new WorkspacePlan(Plan.unlimited(), Standing.ACTIVE, false, null, null);
        }
        return cached.get(workspace, () -> read(workspace));
    }

    private WorkspacePlan read(WorkspaceId workspace) {
        return tenancy.inWorkspace(workspace, null, () -> jdbc.sql("""
                        SELECT plan_id, standing, trial_ends_at, grace_ends_at FROM workspace_plans
                        WHERE workspace_id = :w""")
                .param("w", workspace.id())
                .query((rs, n) -> {
                    Optional<Plan> plan = properties.plan(rs.getString(1));
                    // A plan the operator no longer offers: the workspace keeps nothing it does not pay for.
                    return plan.isEmpty() ? onDefault() : new WorkspacePlan(plan.get(), Standing.of(rs.getString(2)),
                            true, SqlTime.instant(rs, "trial_ends_at"), SqlTime.instant(rs, "grace_ends_at"));
                })
                .optional().orElseGet(this::onDefault));
    }

    private WorkspacePlan onDefault() {
        return new WorkspacePlan(defaultPlan(), Standing.ACTIVE, false, null, null);
    }

    /** Puts the workspace on a plan, as the payment processor reported it. */
    public void change(WorkspaceId workspace, Plan plan, Standing standing, @Nullable Instant trialEndsAt,
                       @Nullable Instant graceEndsAt) {
        tenancy.inWorkspace(workspace, null, () -> {
            // This node drops its copy as the change commits; the others when the trigger's notice reaches them.
            notices.changedHere(TOPIC, workspace.toString());
            jdbc.sql("""
                        INSERT INTO workspace_plans (workspace_id, plan_id, standing, trial_ends_at, grace_ends_at,
                            changed_at)
                        VALUES (:w, :plan, :standing, :trial, :grace, :now)
                        ON CONFLICT (workspace_id) DO UPDATE SET plan_id = :plan, standing = :standing,
                            trial_ends_at = :trial, grace_ends_at = :grace, changed_at = :now""")
                .param("w", workspace.id()).param("plan", plan.id()).param("standing", standing.key())
                .param("trial", SqlTime.of(trialEndsAt)).param("grace", SqlTime.of(graceEndsAt))
                .param("now", SqlTime.of(clock.instant())).update();
        });
    }

    /** Back to the default plan: the subscription ended, or its grace after a failed payment did. */
    public void fallBack(WorkspaceId workspace) {
        tenancy.inWorkspace(workspace, null, () -> {
            notices.changedHere(TOPIC, workspace.toString());
            jdbc.sql("DELETE FROM workspace_plans WHERE workspace_id = :w").param("w", workspace.id()).update();
        });
    }

    /** Workspaces whose grace after a failed payment ended by {@code at}, a batch at a time. */
    public List<WorkspaceId> pastGrace(Instant at) {
        return jdbc.sql("SELECT workspace_id FROM workspace_plans_past_grace(:at, 100)")
                .param("at", SqlTime.of(at)).query((rs, n) -> new WorkspaceId(rs.getObject(1, UUID.class))).list();
    }
}
