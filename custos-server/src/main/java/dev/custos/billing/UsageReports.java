package dev.custos.billing;

import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.platform.ClusterJobs;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.usage.Metering;
import dev.custos.usage.Plans;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Reports each workspace's usage to the processor's meters (BL-02), this month's and last month's, from the month
 * counters. A report is made pending (its identifier, the total it reaches) in one transaction, sent, then marked
 * sent: one that is lost is sent again with the same identifier, and the processor counts it once.
 */
@Component
class UsageReports {

    private static final Logger log = LoggerFactory.getLogger(UsageReports.class);

    private record Pending(String identifier, long value, long total) {
    }

    private final ObjectProvider<PaymentProcessor> processors;
    private final StripeProperties properties;
    private final BillingAccounts accounts;
    private final Metering metering;
    private final Plans plans;
    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final ClusterJobs jobs;
    private final Clock clock;

    UsageReports(ObjectProvider<PaymentProcessor> processors, StripeProperties properties, BillingAccounts accounts,
                 Metering metering, Plans plans, JdbcClient jdbc, Tenancy tenancy, ClusterJobs jobs, Clock clock) {
        this.processors = processors;
        this.properties = properties;
        this.accounts = accounts;
        this.metering = metering;
        this.plans = plans;
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.jobs = jobs;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${custos.billing.usage-report-interval:10m}", initialDelayString = "2m")
    void reportAll() {
        if (!plans.billing() || properties.meters().isEmpty()) {
            return;
        }
        jobs.runAlone("usage-reports", () -> {
            List<WorkspaceId> customers = jdbc.sql("SELECT workspace_id FROM billing_customers(10000)")
                    .query((rs, n) -> new WorkspaceId(rs.getObject(1, UUID.class))).list();
            for (WorkspaceId workspace : customers) {
                try {
                    report(workspace);
                } catch (RuntimeException e) {
                    // Left pending; the next run sends it again.
                    log.warn("Usage report for a workspace failed: {}", e.getClass().getSimpleName());
                }
            }
            return customers.size();
        });
    }

    /** Reports what the workspace's meters have not yet been told; returns how many reports were sent. */
    int report(WorkspaceId workspace) {
        PaymentProcessor processor = processors.getIfAvailable();
        var account = accounts.of(workspace);
        if (processor == null || account.isEmpty()) {
            return 0;
        }
        YearMonth now = YearMonth.now(clock.withZone(ZoneOffset.UTC));
        int sent = 0;
        for (YearMonth month : List.of(now.minusMonths(1), now)) {
            Metering.MonthTotals totals = metering.monthTotals(workspace, month);
            for (Map.Entry<String, String> meter : properties.meters().entrySet()) {
                long total = switch (meter.getKey()) {
                    case "tokens" -> totals.tokens();
                    case "tool-calls" -> totals.toolCalls();
                    case "runs" -> totals.runs();
                    default -> throw new IllegalStateException("custos.billing.stripe.meters: tokens, tool-calls "
                            + "or runs, not " + meter.getKey());
                };
                String key = meter.getKey().replace('-', '_');
                Pending pending = tenancy.inWorkspace(workspace, null, () -> pending(workspace, key, month, total));
                if (pending != null) {
                    processor.reportUsage(account.get().customerId(), meter.getValue(), pending.value(),
                            pending.identifier(), clock.instant());
                    tenancy.inWorkspace(workspace, null, () -> jdbc.sql("""
                                    UPDATE usage_reports SET reported_total = pending_total, pending_identifier = NULL,
                                        pending_total = NULL, updated_at = :now
                                    WHERE workspace_id = :w AND pending_identifier = :id""")
                            .param("w", workspace.id()).param("id", pending.identifier())
                            .param("now", SqlTime.of(clock.instant())).update());
                    sent++;
                }
            }
        }
        return sent;
    }

    /** The report to send: one left pending, else a new one for what the total grew by; null when nothing grew. */
    private @Nullable Pending pending(WorkspaceId workspace, String meter, YearMonth month, long total) {
        jdbc.sql("""
                        INSERT INTO usage_reports (workspace_id, meter, month, updated_at) VALUES (:w, :m, :month, :now)
                        ON CONFLICT DO NOTHING""")
                .param("w", workspace.id()).param("m", meter).param("month", month.atDay(1))
                .param("now", SqlTime.of(clock.instant())).update();
        record Row(long reported, @Nullable String identifier, @Nullable Long pendingTotal) {
        }
        Row row = jdbc.sql("""
                        SELECT reported_total, pending_identifier, pending_total FROM usage_reports
                        WHERE workspace_id = :w AND meter = :m AND month = :month FOR UPDATE""")
                .param("w", workspace.id()).param("m", meter).param("month", month.atDay(1))
                .query((rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getObject(3, Long.class))).single();
        if (row.identifier() != null && row.pendingTotal() != null) {
            return new Pending(row.identifier(), row.pendingTotal() - row.reported(), row.pendingTotal());
        }
        if (total <= row.reported()) {
            return null;
        }
        // Named by what it brings the meter to: the same report always has the same identifier.
        String identifier = workspace + ":" + meter + ":" + month + ":" + total;
        jdbc.sql("""
                        UPDATE usage_reports SET pending_identifier = :id, pending_total = :total, updated_at = :now
                        WHERE workspace_id = :w AND meter = :m AND month = :month""")
                .param("id", identifier).param("total", total).param("w", workspace.id()).param("m", meter)
                .param("month", month.atDay(1)).param("now", SqlTime.of(clock.instant())).update();
        return new Pending(identifier, total - row.reported(), total);
    }
}
