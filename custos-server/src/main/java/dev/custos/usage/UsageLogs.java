package dev.custos.usage;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import dev.custos.platform.ClusterJobs;
import dev.custos.platform.SqlTime;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The usage log's day partitions (UTC): made a week ahead, at start and every day, and dropped whole when they
 * expire. Retention decides when; this class only knows how.
 */
@Component
public class UsageLogs {

    /** A day of usage dropped, with the rows it held. */
    public record DroppedDay(LocalDate day, long rows) {
    }

    /** How many days ahead partitions are made: a node may stay down this long without rows landing in default. */
    private static final int DAYS_AHEAD = 7;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ClusterJobs jobs;

    UsageLogs(JdbcClient jdbc, Clock clock, ClusterJobs jobs) {
        this.jobs = jobs;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Scheduled(cron = "${custos.usage.partition-schedule:0 5 0 * * *}", zone = "UTC")
    public int makePartitionsAhead() {
        return jobs.runAlone("usage-partitions", () -> jdbc.sql("SELECT usage_partitions_ensure(:today, :ahead)")
                .param("today", LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)).param("ahead", DAYS_AHEAD)
                .query(Integer.class).single()).orElse(0);
    }

    /**
     * Drops every day that ended on or before the cutoff, except a day holding rows a legal hold names (those
     * are left to the row-by-row purge, which spares exactly the held rows).
     */
    public List<DroppedDay> dropDaysEndedBy(Instant cutoff) {
        return jdbc.sql("SELECT day, rows_dropped FROM usage_partitions_expire(:cutoff)")
                .param("cutoff", SqlTime.of(cutoff))
                .query((rs, n) -> new DroppedDay(rs.getObject(1, LocalDate.class), rs.getLong(2))).list();
    }
}
