package dev.custos.privacy.retention;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import dev.custos.platform.web.CustosException;
import org.jspecify.annotations.Nullable;

/**
 * How long the installation keeps what retention expires, and the cut-offs that follow from it: the arithmetic
 * of RT-02, RT-03 and AI-07, apart from the job that applies it.
 *
 * @param runLogDays       agent run logs (AI-07: 90 days by default)
 * @param usageDays        usage logs, expired by the whole UTC day (RT-03: 90 by default, at most two years)
 * @param transactionYears billing transactions (RT-02: seven years)
 */
public record RetentionPeriods(int runLogDays, int usageDays, int transactionYears) {

    static final int DEFAULT_RUN_LOG_DAYS = 90;
    static final int DEFAULT_USAGE_DAYS = 90;
    static final int MOST_USAGE_DAYS = 730;
    static final int DEFAULT_TRANSACTION_YEARS = 7;

    public static final RetentionPeriods DEFAULTS =
            new RetentionPeriods(DEFAULT_RUN_LOG_DAYS, DEFAULT_USAGE_DAYS, DEFAULT_TRANSACTION_YEARS);

    public RetentionPeriods {
        if (runLogDays < 1 || runLogDays > 3650) {
            throw new IllegalArgumentException("custos.retention.run-log-days must be between 1 and 3650");
        }
        if (usageDays < 1 || usageDays > MOST_USAGE_DAYS) {
            throw new IllegalArgumentException("custos.retention.usage-days must be between 1 and "
                    + MOST_USAGE_DAYS + " (two years)");
        }
        if (transactionYears < 1 || transactionYears > 30) {
            throw new IllegalArgumentException("custos.retention.transaction-years must be between 1 and 30");
        }
    }

    /**
     * A workspace's own run-log retention, checked: it may keep run logs for less than the installation, never
     * longer (until plans say otherwise, see docs/proof.md). Null means the installation's.
     */
    public void checkWorkspaceRunLogDays(@Nullable Integer days) {
        if (days != null && (days < 1 || days > runLogDays)) {
            throw CustosException.invalid("invalid-retention", "runLogDays must be between 1 and " + runLogDays
                    + " (this installation keeps run logs at most " + runLogDays + " days), or null for "
                    + runLogDays + ".");
        }
    }

    /** Idle run logs last updated before this go; a workspace's own setting, when it has one, counts. */
    public Instant runLogCutoff(Instant now, @Nullable Integer workspaceDays) {
        return now.minus(Duration.ofDays(workspaceDays != null ? workspaceDays : runLogDays));
    }

    /** Usage of days (UTC) that ended before this goes: a day is kept whole or dropped whole. */
    public Instant usageCutoff(Instant now) {
        return now.minus(Duration.ofDays(usageDays)).atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).toInstant();
    }

    /** Billing transactions that occurred before this go: the same date and time, so many years back (UTC). */
    public Instant transactionCutoff(Instant now) {
        return now.atZone(ZoneOffset.UTC).minusYears(transactionYears).toInstant();
    }
}
