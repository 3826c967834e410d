package dev.custos.privacy.erasure;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.custos.platform.PersonId;
import dev.custos.platform.SqlTime;
import dev.custos.platform.WorkspaceId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The erasure jobs' rows: which step each erasure has reached, so that a crash resumes it where it stopped. The
 * only writer of {@code erasure_jobs}.
 */
@Component
class ErasureJobs {

    /** The steps of an erasure, in order; {@code HELD} waits for a legal hold's release before erasing the rest. */
    enum Step {
        SHRED, WORKSPACES, ROWS, HELD, DONE;

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Step of(String key) {
            return valueOf(key.toUpperCase(Locale.ROOT));
        }
    }

    /** {@code customers}: workspaces whose organisation controls the person's content there (kept for it). */
    record Job(UUID request, PersonId person, Step step, Set<WorkspaceId> customers) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    ErasureJobs(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Starts the job of an erasure request; its rows are purged once {@code purgeAfter} has passed. */
    void start(UUID request, PersonId person, Instant purgeAfter, Set<WorkspaceId> customers) {
        jdbc.sql("""
                INSERT INTO erasure_jobs (request_id, person_id, purge_after, step, customer_workspaces)
                VALUES (:id, :person, :after, :step, :customers)""")
                .param("id", request).param("person", person.id()).param("after", SqlTime.of(purgeAfter))
                .param("step", Step.SHRED.key())
                .param("customers", customers.stream().map(WorkspaceId::id).toArray(UUID[]::new)).update();
    }

    /** The unfinished jobs whose wait is over, the longest due first. */
    List<Job> due() {
        return jdbc.sql("""
                        SELECT request_id, person_id, step, customer_workspaces FROM erasure_jobs
                        WHERE finished_at IS NULL AND purge_after <= :now ORDER BY purge_after""")
                .param("now", SqlTime.of(clock.instant()))
                .query((rs, n) -> new Job(rs.getObject(1, UUID.class), new PersonId(rs.getObject(2, UUID.class)),
                        Step.of(rs.getString(3)), Arrays.stream((UUID[]) rs.getArray(4).getArray())
                        .map(WorkspaceId::new).collect(Collectors.toSet()))).list();
    }

    Step advance(Job job, Step step) {
        jdbc.sql("UPDATE erasure_jobs SET step = :step WHERE request_id = :id")
                .param("step", step.key()).param("id", job.request()).update();
        return step;
    }

    void finish(Job job) {
        jdbc.sql("UPDATE erasure_jobs SET step = :step, finished_at = :now WHERE request_id = :id")
                .param("step", Step.DONE.key()).param("now", SqlTime.of(clock.instant())).param("id", job.request())
                .update();
    }

    /** Records that a pass stopped on an error, by its kind only: a database message may quote a value. */
    void failed(Job job, Exception failure) {
        jdbc.sql("UPDATE erasure_jobs SET attempts = attempts + 1, last_failure = :f WHERE request_id = :id")
                .param("f", failure.getClass().getSimpleName()).param("id", job.request()).update();
    }

    /** The workspaces the person owned alone that a hold kept from deletion. */
    List<WorkspaceId> sparedWorkspaces(Job job) {
        return jdbc.sql("SELECT unnest(spared_workspaces) FROM erasure_jobs WHERE request_id = :id")
                .param("id", job.request()).query(UUID.class).list().stream().map(WorkspaceId::new).toList();
    }

    void spareWorkspaces(Job job, List<WorkspaceId> spared) {
        jdbc.sql("UPDATE erasure_jobs SET spared_workspaces = :spared WHERE request_id = :id")
                .param("spared", spared.stream().map(WorkspaceId::id).toArray(UUID[]::new))
                .param("id", job.request()).update();
    }
}
