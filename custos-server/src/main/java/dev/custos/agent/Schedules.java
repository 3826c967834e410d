package dev.custos.agent;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.identity.Actor;
import dev.custos.keys.ContentSeal;
import dev.custos.platform.AgentId;
import dev.custos.platform.ClusterJobs;
import dev.custos.platform.PersonId;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import dev.custos.workspace.Workspaces;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Service;

/**
 * Agents on a schedule: a cron expression (five fields, as crontab writes them, or a macro such as {@code @daily})
 * in a time zone, and the message each run starts with. Each run is an ordinary session of the member who made the
 * schedule, with their rights at the time of the run: one who left the workspace, or lost the right to run agents,
 * runs nothing (the schedule stops, saying why). A sweep on one node at a time starts what is due.
 */
@Service
public class Schedules {

    private static final Logger log = LoggerFactory.getLogger(Schedules.class);
    private static final int MAX_PER_AGENT = 20;

    /** A schedule as people see it (its message included, for those who may read the agent). */
    public record Schedule(UUID id, UUID agentId, String cron, String timeZone, String message, boolean enabled,
                           @Nullable UUID createdBy, Instant createdAt, Instant nextRunAt, @Nullable Instant lastRunAt,
                           @Nullable UUID lastSessionId, @Nullable String lastError) {
    }

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final ContentSeal seal;
    private final Agents agents;
    private final Sessions sessions;
    private final Workspaces workspaces;
    private final ClusterJobs jobs;
    private final AuditLog audit;
    private final Clock clock;

    Schedules(JdbcClient jdbc, Tenancy tenancy, ContentSeal seal, Agents agents, Sessions sessions,
              Workspaces workspaces, ClusterJobs jobs, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.seal = seal;
        this.agents = agents;
        this.sessions = sessions;
        this.workspaces = workspaces;
        this.jobs = jobs;
        this.audit = audit;
        this.clock = clock;
    }

    public List<Schedule> list(WorkspaceAccess access, AgentId agentId) {
        access.require(Permission.READ);
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            agents.find(access.workspace(), agentId);
            return jdbc.sql("""
                            SELECT * FROM agent_schedules WHERE workspace_id = :w AND agent_id = :a
                            ORDER BY created_at, schedule_id""")
                    .param("w", access.workspace().id()).param("a", agentId.id())
                    .query((rs, n) -> schedule(access.workspace(), rs)).list();
        });
    }

    public Schedule create(WorkspaceAccess access, AgentId agentId, String cron, String timeZone, String message) {
        access.require(Permission.WRITE);
        CronExpression expression = ScheduleTimes.expression(cron);
        ZoneId zone = ScheduleTimes.zone(timeZone);
        if (message.isBlank() || message.length() > 20_000) {
            throw CustosException.invalid("invalid-message", "A message has 1 to 20000 characters.");
        }
        UUID id = UUID.randomUUID();
        Instant next = ScheduleTimes.next(expression, zone, clock.instant());
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            agents.find(access.workspace(), agentId);
            long count = jdbc.sql("SELECT count(*) FROM agent_schedules WHERE workspace_id = :w AND agent_id = :a")
                    .param("w", access.workspace().id()).param("a", agentId.id()).query(Long.class).single();
            if (count >= MAX_PER_AGENT) {
                throw CustosException.invalid("too-many-schedules", "An agent has at most " + MAX_PER_AGENT
                        + " schedules.");
            }
            jdbc.sql("""
                            INSERT INTO agent_schedules (workspace_id, schedule_id, agent_id, cron, time_zone, message,
                                created_by, created_at, next_run_at)
                            VALUES (:w, :id, :a, :cron, :zone, :message, :by, :now, :next)""")
                    .param("w", access.workspace().id()).param("id", id).param("a", agentId.id())
                    .param("cron", cron.strip()).param("zone", zone.getId())
                    .param("message", seal.seal(access.workspace(), message, sealContext(id)))
                    .param("by", access.actor().person().id()).param("now", SqlTime.of(clock.instant()))
                    .param("next", SqlTime.of(next)).update();
            audit.record(access.event("schedule.created").on("schedule", id).with("agent", agentId.toString())
                    .with("cron", cron.strip()).with("time_zone", zone.getId()));
            return find(access.workspace(), id);
        });
    }

    /** Pauses or resumes; a resumed schedule runs next at its next time from now, not for the times it missed. */
    public Schedule enable(WorkspaceAccess access, AgentId agentId, UUID scheduleId, boolean enabled) {
        access.require(Permission.WRITE);
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            Schedule schedule = find(access.workspace(), scheduleId);
            if (!schedule.agentId().equals(agentId.id())) {
                throw CustosException.notFound("Schedule");
            }
            Instant next = ScheduleTimes.next(ScheduleTimes.expression(schedule.cron()),
                    ZoneId.of(schedule.timeZone()), clock.instant());
            jdbc.sql("""
                            UPDATE agent_schedules SET enabled = :on, next_run_at = :next, last_error = NULL
                            WHERE workspace_id = :w AND schedule_id = :id""")
                    .param("on", enabled).param("next", SqlTime.of(next)).param("w", access.workspace().id())
                    .param("id", scheduleId).update();
            audit.record(access.event(enabled ? "schedule.enabled" : "schedule.paused").on("schedule", scheduleId));
            return find(access.workspace(), scheduleId);
        });
    }

    public void delete(WorkspaceAccess access, AgentId agentId, UUID scheduleId) {
        access.require(Permission.WRITE);
        tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            int deleted = jdbc.sql("""
                            DELETE FROM agent_schedules WHERE workspace_id = :w AND schedule_id = :id AND agent_id = :a""")
                    .param("w", access.workspace().id()).param("id", scheduleId).param("a", agentId.id()).update();
            if (deleted == 0) {
                throw CustosException.notFound("Schedule");
            }
            audit.record(access.event("schedule.deleted").on("schedule", scheduleId));
        });
    }

    /** Starts the runs that are due, on one node at a time. */
    @Scheduled(fixedDelayString = "${custos.agents.schedule-interval:30s}",
            initialDelayString = "${custos.agents.schedule-interval:30s}")
    public void runDue() {
        jobs.runAlone("agent-schedules", () -> {
            List<Map.Entry<WorkspaceId, UUID>> due = jdbc.sql("SELECT * FROM agent_schedules_due(50)")
                    .query((rs, n) -> Map.entry(new WorkspaceId(rs.getObject(1, UUID.class)),
                            rs.getObject(2, UUID.class)))
                    .list();
            due.forEach(schedule -> runOne(schedule.getKey(), schedule.getValue()));
            return due.size();
        });
    }

    private void runOne(WorkspaceId workspace, UUID scheduleId) {
        Schedule schedule = tenancy.inWorkspace(workspace, null, () -> {
            Schedule found = find(workspace, scheduleId);
            // Claimed before the run starts: a crash after this skips one run rather than repeating it.
            jdbc.sql("""
                            UPDATE agent_schedules SET next_run_at = :next, last_run_at = :now
                            WHERE workspace_id = :w AND schedule_id = :id""")
                    .param("next", SqlTime.of(ScheduleTimes.next(ScheduleTimes.expression(found.cron()),
                            ZoneId.of(found.timeZone()), clock.instant())))
                    .param("now", SqlTime.of(clock.instant())).param("w", workspace.id()).param("id", scheduleId)
                    .update();
            return found;
        });
        String error = null;
        UUID session = null;
        try {
            if (schedule.createdBy() == null) {
                throw CustosException.forbidden("The member who made this schedule no longer has an account.");
            }
            WorkspaceAccess access = workspaces.access(Actor.person(new PersonId(schedule.createdBy())), workspace);
            session = sessions.start(access, new AgentId(schedule.agentId()), schedule.message()).id();
        } catch (CustosException e) {
            error = "The run did not start: " + e.getMessage();
        } catch (RuntimeException e) {
            log.warn("Scheduled run of {} failed: {}", scheduleId, e.getClass().getSimpleName());
            error = "The run did not start.";
        }
        String failure = error;
        UUID started = session;
        tenancy.inWorkspace(workspace, null, () -> {
            jdbc.sql("""
                            UPDATE agent_schedules SET last_session_id = COALESCE(CAST(:s AS uuid), last_session_id),
                                last_error = CAST(:error AS text), enabled = enabled AND CAST(:error AS text) IS NULL
                            WHERE workspace_id = :w AND schedule_id = :id""")
                    .param("s", started).param("error", failure).param("w", workspace.id()).param("id", scheduleId)
                    .update();
            audit.record(AuditEvent.system(workspace, failure == null ? "schedule.ran" : "schedule.stopped")
                    .on("schedule", scheduleId));
        });
    }

    private Schedule find(WorkspaceId workspace, UUID scheduleId) {
        return jdbc.sql("SELECT * FROM agent_schedules WHERE workspace_id = :w AND schedule_id = :id")
                .param("w", workspace.id()).param("id", scheduleId).query((rs, n) -> schedule(workspace, rs))
                .optional().orElseThrow(() -> CustosException.notFound("Schedule"));
    }

    private Schedule schedule(WorkspaceId workspace, ResultSet rs) throws SQLException {
        UUID id = rs.getObject("schedule_id", UUID.class);
        return new Schedule(id, rs.getObject("agent_id", UUID.class), rs.getString("cron"),
                rs.getString("time_zone"), seal.open(workspace, rs.getBytes("message"), sealContext(id)),
                rs.getBoolean("enabled"), rs.getObject("created_by", UUID.class), SqlTime.instant(rs, "created_at"),
                SqlTime.instant(rs, "next_run_at"), SqlTime.instant(rs, "last_run_at"),
                rs.getObject("last_session_id", UUID.class), rs.getString("last_error"));
    }

    static String sealContext(UUID scheduleId) {
        return "agent-schedule|" + scheduleId;
    }
}
