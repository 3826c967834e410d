package dev.custos.usage;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Records metered calls and sums them up by day (UTC), optionally split by agent, person or API key. */
@Service
public class Metering {

    /** How a day's totals may be split. */
    public enum Split {
        NONE(null), AGENT("agent_id"), PERSON("person_id"), API_KEY("api_key_id");

        private final @Nullable String column;

        Split(@Nullable String column) {
            this.column = column;
        }

        public static Split of(@Nullable String key) {
            if (key == null || key.isBlank()) {
                return NONE;
            }
            return switch (key.toLowerCase(Locale.ROOT)) {
                case "agent" -> AGENT;
                case "person" -> PERSON;
                case "api-key", "apikey", "api_key" -> API_KEY;
                default -> throw CustosException.invalid("unknown-split", "by must be agent, person or api-key.");
            };
        }
    }

    /** One day's totals; {@code key} is the agent, person or key they belong to when split, else null. */
    public record DayTotal(LocalDate day, @Nullable UUID key, long calls, long inputTokens, long outputTokens,
                           long toolCalls) {
    }

    private static final int MAX_DAYS = 731;

    private final JdbcClient jdbc;
    private final Tenancy tenancy;

    Metering(JdbcClient jdbc, Tenancy tenancy) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
    }

    /**
     * Records a call once: recording the same call id again changes nothing. Returns whether it was new. The
     * table is partitioned by day, so no unique key can span it: a transaction-scoped lock on the call id makes
     * "insert if absent" safe against a second node metering the same call at the same moment.
     */
    public boolean record(UsageRecord usage) {
        return tenancy.inWorkspace(usage.workspace(), null, () -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(:call::text, 0))")
                    .param("call", usage.callId()).query((rs, n) -> 1).list();
            boolean inserted = jdbc.sql("""
                    INSERT INTO usage_records (workspace_id, call_id, occurred_at, person_id, agent_id, api_key_id,
                                               session_id, provider_id, model, input_tokens, output_tokens, tool_calls)
                    SELECT :workspace, :call, :at, :person, :agent, :key, :session, :provider, :model, :in, :out, :tools
                    WHERE NOT EXISTS (SELECT 1 FROM usage_records WHERE workspace_id = :workspace AND call_id = :call)
                    """)
                    .param("workspace", usage.workspace().id()).param("call", usage.callId())
                    .param("at", SqlTime.of(usage.occurredAt())).param("person", usage.person().id())
                    .param("agent", usage.agentId()).param("key", usage.apiKeyId()).param("session", usage.sessionId())
                    .param("provider", usage.providerId()).param("model", usage.model())
                    .param("in", usage.inputTokens()).param("out", usage.outputTokens())
                    .param("tools", usage.toolCalls())
                    .update() == 1;
            if (inserted) {
                jdbc.sql("""
                        INSERT INTO usage_month_totals (workspace_id, month, tokens, tool_calls)
                        VALUES (:workspace, :month, :n, :tools)
                        ON CONFLICT (workspace_id, month) DO UPDATE SET tokens = usage_month_totals.tokens + :n,
                            tool_calls = usage_month_totals.tool_calls + :tools""")
                        .param("workspace", usage.workspace().id())
                        .param("month", YearMonth.from(usage.occurredAt().atZone(ZoneOffset.UTC)).atDay(1))
                        .param("n", usage.inputTokens() + usage.outputTokens()).param("tools", usage.toolCalls())
                        .update();
            }
            return inserted;
        });
    }

    /**
     * Counts an agent run the workspace begins, in the caller's transaction; returns the month's runs with it. A
     * caller that refuses the run rolls the count back with it.
     */
    public long countRun(WorkspaceId workspace, Instant at) {
        return tenancy.inWorkspace(workspace, null, () -> jdbc.sql("""
                        INSERT INTO usage_month_totals (workspace_id, month, tokens, runs) VALUES (:w, :month, 0, 1)
                        ON CONFLICT (workspace_id, month) DO UPDATE SET runs = usage_month_totals.runs + 1
                        RETURNING runs""")
                .param("w", workspace.id()).param("month", YearMonth.from(at.atZone(ZoneOffset.UTC)).atDay(1))
                .query(Long.class).single());
    }

    /** A month's counts (UTC): what a billing period is shown and billed by (BL-02). */
    public record MonthTotals(YearMonth month, long tokens, long toolCalls, long runs) {
    }

    /** The workspace's counts for the month, from its counter row: one row's read. */
    public MonthTotals monthTotals(WorkspaceId workspace, YearMonth month) {
        return tenancy.inWorkspace(workspace, null, () -> jdbc.sql("""
                        SELECT tokens, tool_calls, runs FROM usage_month_totals
                        WHERE workspace_id = :workspace AND month = :month""")
                .param("workspace", workspace.id()).param("month", month.atDay(1))
                .query((rs, n) -> new MonthTotals(month, rs.getLong(1), rs.getLong(2), rs.getLong(3)))
                .optional().orElse(new MonthTotals(month, 0, 0, 0)));
    }

    /** Tokens in and out the workspace used in the month (UTC): what a quota is checked against. One row's read. */
    public long tokensIn(WorkspaceId workspace, YearMonth month) {
        return tenancy.inWorkspace(workspace, null, () -> jdbc.sql("""
                        SELECT tokens FROM usage_month_totals WHERE workspace_id = :workspace AND month = :month""")
                .param("workspace", workspace.id()).param("month", month.atDay(1))
                .query(Long.class).optional().orElse(0L));
    }

    /** Day totals from {@code from} to {@code to}, both inclusive, for members who may read the workspace. */
    public List<DayTotal> dailyTotals(WorkspaceAccess access, LocalDate from, LocalDate to, Split split) {
        access.require(Permission.READ);
        if (to.isBefore(from)) {
            throw CustosException.invalid("invalid-range", "to must not be before from.");
        }
        if (from.plusDays(MAX_DAYS).isBefore(to)) {
            throw CustosException.invalid("invalid-range", "Ask for at most " + MAX_DAYS + " days at a time.");
        }
        String key = split.column == null ? "NULL::uuid" : split.column;
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> jdbc.sql("""
                SELECT (occurred_at AT TIME ZONE 'UTC')::date AS day, %s AS key, count(*) AS calls,
                       sum(input_tokens) AS input, sum(output_tokens) AS output, sum(tool_calls) AS tools
                FROM usage_records
                WHERE workspace_id = :workspace AND occurred_at >= :from AND occurred_at < :until
                GROUP BY 1, 2 ORDER BY 1, 2
                """.formatted(key))
                .param("workspace", access.workspace().id())
                .param("from", SqlTime.of(from.atStartOfDay().toInstant(ZoneOffset.UTC)))
                .param("until", SqlTime.of(to.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)))
                .query((rs, n) -> new DayTotal(rs.getObject("day", LocalDate.class), rs.getObject("key", UUID.class),
                        rs.getLong("calls"), rs.getLong("input"), rs.getLong("output"), rs.getLong("tools")))
                .list());
    }
}
