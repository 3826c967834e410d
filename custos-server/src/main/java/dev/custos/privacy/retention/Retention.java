package dev.custos.privacy.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.platform.ClusterJobs;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.personaldata.OwnedTables;
import dev.custos.platform.personaldata.RetentionRule;
import dev.custos.platform.personaldata.RowsToKeep;
import dev.custos.privacy.TableOwners;
import dev.custos.usage.UsageLogs;
import dev.custos.usage.Entitlements;
import dev.custos.usage.Feature;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Retention, enforced by a scheduled job and never by hand (RT-04): run logs after 90 days unless a workspace
 * sets its own (AI-07), usage logs by the whole day after 90 days (configurable up to two years, RT-03; a day's
 * partition is dropped), billing transactions after seven years (RT-02), notices and product analytics after a
 * year, export records after 90 days, end users' requests left unconfirmed after a day. It visits every workspace, deletes in bounded batches, skips exactly what a
 * legal hold names (RT-09), and records every purge. One node runs it at a time (ClusterJobs).
 */
@Service
public class Retention {

    /** One purge, as recorded. */
    public record Purge(String table, @Nullable UUID workspace, Instant cutoff, int deleted, int held) {
    }

    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    private final JdbcClient jdbc;
    private final ClusterJobs jobs;
    private final Tenancy tenancy;
    private final Clock clock;
    private final RetentionPeriods periods;
    private final UsageLogs usageLogs;
    private final TableOwners owners;
    private final Entitlements entitlements;

    Retention(JdbcClient jdbc, ClusterJobs jobs, Tenancy tenancy, Clock clock, UsageLogs usageLogs, TableOwners owners,
              Entitlements entitlements,
              @Value("${custos.retention.run-log-days:" + RetentionPeriods.DEFAULT_RUN_LOG_DAYS + "}") int runLogDays,
              @Value("${custos.retention.usage-days:" + RetentionPeriods.DEFAULT_USAGE_DAYS + "}") int usageDays,
              @Value("${custos.retention.transaction-years:" + RetentionPeriods.DEFAULT_TRANSACTION_YEARS + "}")
              int transactionYears) {
        this.periods = new RetentionPeriods(runLogDays, usageDays, transactionYears);
        this.entitlements = entitlements;
        this.jdbc = jdbc;
        this.jobs = jobs;
        this.tenancy = tenancy;
        this.clock = clock;
        this.usageLogs = usageLogs;
        this.owners = owners;
    }

    /** Sets a workspace's own run-log retention, or back to the installation's default with null. */
    public void setRunLogDays(WorkspaceAccess access, @Nullable Integer days) {
        access.require(Permission.MANAGE_WORKSPACE);
        periods.checkWorkspaceRunLogDays(days);
        if (days != null) {
            // A plan that allows it (AI-07); going back to the installation's period is always allowed.
            entitlements.require(access.workspace(), Feature.OWN_RETENTION);
        }
        tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            if (days == null) {
                jdbc.sql("DELETE FROM workspace_retention WHERE workspace_id = :w").param("w", access.workspace().id())
                        .update();
            } else {
                jdbc.sql("""
                        INSERT INTO workspace_retention (workspace_id, run_log_days, updated_by, updated_at)
                        VALUES (:w, :days, :by, :now)
                        ON CONFLICT (workspace_id) DO UPDATE SET run_log_days = :days, updated_by = :by, updated_at = :now""")
                        .param("w", access.workspace().id()).param("days", days)
                        .param("by", access.actor().person().id()).param("now", SqlTime.of(clock.instant())).update();
            }
        });
    }

    public int runLogDays(WorkspaceAccess access) {
        access.require(Permission.READ);
        Integer own = workspaceRunLogDays(access.workspace());
        return own != null ? own : periods.runLogDays();
    }

    /** Runs the purge now if no other node is running it; returns what it purged, or nothing when skipped. */
    @Scheduled(cron = "${custos.retention.schedule:0 17 * * * *}")
    public List<Purge> run() {
        return jobs.runAlone("retention", this::purgeAll).orElse(List.of());
    }

    private List<Purge> purgeAll() {
        Instant now = clock.instant();
        List<Purge> purges = new ArrayList<>();
        // Usage expires by the day (UTC): whole days go as a partition drop; what is left of expired days (rows in
        // the default partition, and days a legal hold keeps) is deleted row by row with the same cutoff.
        Instant usageCutoff = periods.usageCutoff(now);
        usageLogs.makePartitionsAhead();
        for (UsageLogs.DroppedDay day : usageLogs.dropDaysEndedBy(usageCutoff)) {
            purges.add(new Purge("usage_records", null, usageCutoff, Math.toIntExact(day.rows()), 0));
        }
        Instant transactionCutoff = periods.transactionCutoff(now);
        List<UUID> workspaces = tenancy.inWorkspace(WorkspaceId.INSTALLATION, null, () ->
                jdbc.sql("SELECT * FROM retention_workspaces()").query(UUID.class).list());
        for (UUID id : workspaces) {
            WorkspaceId workspace = new WorkspaceId(id);
            purges.add(expire(RetentionRule.RUN_LOGS, workspace,
                    periods.runLogCutoff(now, workspaceRunLogDays(workspace))));
            purges.add(expire(RetentionRule.USAGE, workspace, usageCutoff));
            purges.add(expire(RetentionRule.TRANSACTIONS, workspace, transactionCutoff));
            purges.add(expire(RetentionRule.UNCONFIRMED_REQUESTS, workspace, now));
            purges.add(expire(RetentionRule.ANSWERED_REQUESTS, workspace, now.atZone(ZoneOffset.UTC)
                    .minusYears(ANSWERED_REQUEST_YEARS).toInstant()));
        }
        purges.add(expireEverywhere(RetentionRule.NOTICES, now.minus(Duration.ofDays(365))));
        purges.add(expireEverywhere(RetentionRule.UNSUBSCRIBE_LINKS, now.minus(Duration.ofDays(365))));
        purges.add(expireEverywhere(RetentionRule.PRODUCT_EVENTS, now.minus(Duration.ofDays(365))));
        purges.add(expireEverywhere(RetentionRule.PAGE_VISITS, now.minus(Duration.ofDays(90))));
        purges.add(expireEverywhere(RetentionRule.CLIENT_TELEMETRY, now.minus(Duration.ofDays(365))));
        purges.add(expireEverywhere(RetentionRule.EXPORT_RECORDS, now.minus(Duration.ofDays(90))));
        List<Purge> done = purges.stream().filter(purge -> purge.deleted() > 0 || purge.held() > 0).toList();
        for (Purge purge : done) {
            jdbc.sql("""
                    INSERT INTO retention_purges (purge_id, ran_at, table_name, purged_workspace_id, cutoff, rows_deleted,
                                                  rows_held)
                    VALUES (:id, :now, :table, :w, :cutoff, :deleted, :held)""")
                    .param("id", UUID.randomUUID()).param("now", SqlTime.of(now)).param("table", purge.table())
                    .param("w", purge.workspace()).param("cutoff", SqlTime.of(purge.cutoff()))
                    .param("deleted", purge.deleted()).param("held", purge.held()).update();
        }
        if (!done.isEmpty()) {
            log.info("Retention purged {} rows ({} held)", done.stream().mapToInt(Purge::deleted).sum(),
                    done.stream().mapToInt(Purge::held).sum());
        }
        return done;
    }

    /** The run-log retention a workspace set for itself, if it did. */
    private @Nullable Integer workspaceRunLogDays(WorkspaceId workspace) {
        return tenancy.inWorkspace(workspace, null, () -> jdbc.sql(
                        "SELECT run_log_days FROM workspace_retention WHERE workspace_id = :w")
                .param("w", workspace.id()).query(Integer.class).optional().orElse(null));
    }

    /** An end user's answered request is kept as proof of the answer for three years (the data map's rule). */
    static final int ANSWERED_REQUEST_YEARS = 3;

    /**
     * Has the rows' owner delete a workspace's rows the rule expires by the cutoff, sparing exactly the rows a
     * standing legal hold names.
     */
    private Purge expire(RetentionRule rule, WorkspaceId workspace, Instant cutoff) {
        OwnedTables.Expired expired = owners.expiring(rule).expire(rule, workspace, cutoff, HELD);
        return new Purge(expired.table(), workspace.id(), cutoff, expired.deleted(), expired.held());
    }

    private Purge expireEverywhere(RetentionRule rule, Instant cutoff) {
        OwnedTables.Expired expired = owners.expiring(rule).expireEverywhere(rule, cutoff);
        return new Purge(expired.table(), null, cutoff, expired.deleted(), expired.held());
    }

    /** The rows a standing legal hold names, in a workspace's table. */
    private static final RowsToKeep HELD = new RowsToKeep() {
        @Override
        public String where(String table, String alias, @Nullable String personColumn) {
            return LegalHolds.names("'" + table + "'", alias, true, personColumn);
        }

        @Override
        public Map<String, ?> params() {
            return Map.of();
        }
    };
}
