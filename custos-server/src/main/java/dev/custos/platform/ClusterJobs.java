package dev.custos.platform;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * Runs a scheduled sweep on one node at a time: every node schedules it, and the one that takes the job's
 * PostgreSQL advisory lock runs it while the others skip. The sweeps keep their own state in their own tables
 * (what is due, which step a job is at), so a lock is all they need to run once across nodes; the lock is a
 * session lock on a connection of its own, released when the work ends or the node dies.
 */
@Component
public class ClusterJobs {

    private final DataSource dataSource;
    private final MeterRegistry meters;
    private final Clock clock;
    /** When each job last completed on this node (epoch seconds): across nodes, the latest is the job's lag. */
    private final Map<String, AtomicLong> lastCompleted = new ConcurrentHashMap<>();

    ClusterJobs(DataSource dataSource, MeterRegistry meters, Clock clock) {
        this.dataSource = dataSource;
        this.meters = meters;
        this.clock = clock;
    }

    /** The work's result, or empty when another node is running the job of this name right now. */
    public <T> Optional<T> runAlone(String job, Supplier<T> work) {
        try (Connection lockHolder = dataSource.getConnection()) {
            if (!lock(lockHolder, "SELECT pg_try_advisory_lock(hashtextextended(?, 0))", job)) {
                return Optional.empty();
            }
            try {
                long started = System.nanoTime();
                T result = work.get();
                Timer.builder("custos.jobs.duration").tag("job", job).register(meters)
                        .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                lastCompleted.computeIfAbsent(job, name -> meters.gauge("custos.jobs.last.completed",
                                Tags.of("job", name), new AtomicLong(), AtomicLong::get))
                        .set(clock.instant().getEpochSecond());
                return Optional.ofNullable(result);
            } finally {
                lock(lockHolder, "SELECT pg_advisory_unlock(hashtextextended(?, 0))", job);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The lock of job " + job + " could not be taken", e);
        }
    }

    private static boolean lock(Connection connection, String sql, String job) throws SQLException {
        try (var statement = connection.prepareStatement(sql)) {
            statement.setString(1, "custos-job:" + job);
            try (var result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }
}
