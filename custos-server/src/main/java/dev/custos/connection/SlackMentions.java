package dev.custos.connection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.custos.agent.SessionEvent;
import dev.custos.agent.SessionInfo;
import dev.custos.agent.Sessions;
import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.connection.connector.SlackConnector;
import dev.custos.connection.connector.UpstreamFailed;
import dev.custos.identity.Actor;
import dev.custos.platform.AgentId;
import dev.custos.platform.ClusterJobs;
import dev.custos.platform.PersonId;
import dev.custos.platform.SessionId;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.workspace.WorkspaceAccess;
import dev.custos.workspace.Workspaces;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Slack mentions of the app, for a Slack integration (TN-04): each runs the connection's agent once — as the member
 * who made the connection, with their rights at that moment — and its answer is posted in the mention's thread
 * when the run ends. The mention is stored and the run started before Slack is answered, so an acknowledged
 * mention survives a crash; a sweep on one node at a time posts the answers.
 */
@Service
class SlackMentions {

    private static final Logger log = LoggerFactory.getLogger(SlackMentions.class);
    /** How long a mention waits for its answer to be posted (a run awaiting approval, Slack unreachable). */
    private static final Duration GIVE_UP = Duration.ofHours(1);
    /** How long a stored mention whose run has not started is left for its delivery (or Slack's retry) to start. */
    private static final Duration REDELIVERY_GRACE = Duration.ofSeconds(10);
    /** Slack's last retry comes about five minutes after the first delivery. */
    private static final Duration NEVER_STARTED = Duration.ofMinutes(10);

    /** One mention as Slack sent it. */
    record Mention(String teamId, String eventId, String channel, String threadTs, String text) {
    }

    private record Stored(UUID connectionId, String channel, String threadTs, @Nullable UUID sessionId,
                          @Nullable String outcome, Instant receivedAt) {
    }

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final ConnectionRows rows;
    private final Sessions sessions;
    private final Workspaces workspaces;
    private final ConnectorTokens tokens;
    private final SlackConnector slack;
    private final ClusterJobs jobs;
    private final AuditLog audit;
    private final Clock clock;

    SlackMentions(JdbcClient jdbc, Tenancy tenancy, ConnectionRows rows, Sessions sessions, Workspaces workspaces,
                  ConnectorTokens tokens, SlackConnector slack, ClusterJobs jobs, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.rows = rows;
        this.sessions = sessions;
        this.workspaces = workspaces;
        this.tokens = tokens;
        this.slack = slack;
        this.jobs = jobs;
        this.audit = audit;
        this.clock = clock;
    }

    /** Stores the mention (once: Slack delivers again when unsure) and starts its run. */
    void receive(Mention mention) {
        var target = jdbc.sql("SELECT workspace_id, connection_id FROM slack_integration_for_team(:team)")
                .param("team", mention.teamId())
                .query((rs, n) -> new Object[] {new WorkspaceId(rs.getObject(1, UUID.class)),
                        rs.getObject(2, UUID.class)})
                .optional();
        if (target.isEmpty()) {
            return; // no workspace takes this team's mentions (any more)
        }
        WorkspaceId workspace = (WorkspaceId) target.get()[0];
        UUID connectionId = (UUID) target.get()[1];
        Instant now = clock.instant();
        Connection connection = tenancy.inWorkspace(workspace, null, () -> {
            // A redelivery is taken again only when the first delivery stored the mention but died before its run
            // started (Slack then got no 200 and tries again); a delivery still under way is left alone.
            int claimed = jdbc.sql("""
                            INSERT INTO connection_mentions (workspace_id, connection_id, event_id, channel, thread_ts,
                                received_at)
                            VALUES (:w, :c, :event, :channel, :thread, :now)
                            ON CONFLICT (workspace_id, connection_id, event_id) DO UPDATE SET received_at = :now
                            WHERE connection_mentions.session_id IS NULL AND connection_mentions.outcome IS NULL
                              AND connection_mentions.received_at < :stale""")
                    .param("w", workspace.id()).param("c", connectionId).param("event", mention.eventId())
                    .param("channel", mention.channel()).param("thread", mention.threadTs())
                    .param("now", SqlTime.of(now)).param("stale", SqlTime.of(now.minus(REDELIVERY_GRACE))).update();
            return claimed == 0 ? null : rows.find(workspace, connectionId).orElseThrow().connection();
        });
        if (connection == null) {
            return; // delivered before, or being handled
        }
        String outcome = null;
        UUID session = null;
        if (connection.agentId() == null) {
            outcome = "No agent answers this integration's mentions; a workspace admin chooses one when connecting "
                    + "Slack.";
        } else if (connection.createdBy() == null) {
            outcome = "The member who connected Slack no longer has an account, so no agent runs for them.";
        } else {
            try {
                WorkspaceAccess access = workspaces.access(Actor.person(new PersonId(connection.createdBy())),
                        workspace);
                session = sessions.start(access, new AgentId(connection.agentId()), mention.text()).id();
            } catch (CustosException e) {
                outcome = "The agent did not run: " + e.getMessage();
            }
        }
        UUID started = session;
        String failed = outcome;
        tenancy.inWorkspace(workspace, null, () -> {
            jdbc.sql("""
                            UPDATE connection_mentions SET session_id = :s, outcome = :outcome
                            WHERE workspace_id = :w AND connection_id = :c AND event_id = :event""")
                    .param("s", started).param("outcome", failed).param("w", workspace.id())
                    .param("c", connectionId).param("event", mention.eventId()).update();
            audit.record(AuditEvent.system(workspace, "connection.mention_received").on("connection", connectionId)
                    .with("run", started == null ? "not started" : started.toString()));
            return null;
        });
    }

    /** Posts the answers of the runs that ended. */
    @Scheduled(fixedDelayString = "${custos.connections.mention-sweep:PT2S}", initialDelay = 2_000)
    void answerFinished() {
        jobs.runAlone("slack-mentions", () -> {
            List<Object[]> due = jdbc.sql("SELECT * FROM connection_mentions_to_answer(20)")
                    .query((rs, n) -> new Object[] {new WorkspaceId(rs.getObject(1, UUID.class)),
                            rs.getObject(2, UUID.class), rs.getString(3)})
                    .list();
            for (Object[] mention : due) {
                try {
                    answer((WorkspaceId) mention[0], (UUID) mention[1], (String) mention[2]);
                } catch (RuntimeException e) {
                    log.warn("A Slack mention could not be answered: {}", e.getClass().getSimpleName());
                }
            }
            return due.size();
        });
    }

    private void answer(WorkspaceId workspace, UUID connectionId, String eventId) {
        Stored mention = tenancy.inWorkspace(workspace, null, () -> jdbc.sql("""
                        SELECT * FROM connection_mentions
                        WHERE workspace_id = :w AND connection_id = :c AND event_id = :event""")
                .param("w", workspace.id()).param("c", connectionId).param("event", eventId)
                .query((rs, n) -> new Stored(rs.getObject("connection_id", UUID.class), rs.getString("channel"),
                        rs.getString("thread_ts"), rs.getObject("session_id", UUID.class), rs.getString("outcome"),
                        SqlTime.instant(rs, "received_at")))
                .single());
        Connection connection = tenancy.inWorkspace(workspace, null, () -> rows.find(workspace, connectionId))
                .orElseThrow().connection();
        boolean late = clock.instant().isAfter(mention.receivedAt().plus(GIVE_UP));
        String text = mention.outcome();
        if (text == null && mention.sessionId() == null) {
            if (clock.instant().isBefore(mention.receivedAt().plus(NEVER_STARTED))) {
                return; // its delivery, or Slack's retry, may still start the run
            }
            text = "Custos restarted while this mention arrived and its agent never ran; mention me again.";
        }
        if (text == null && mention.sessionId() != null) {
            text = runAnswer(workspace, connection, mention.sessionId(), late);
            if (text == null) {
                return; // still running
            }
        }
        String reply = text;
        String outcome;
        try {
            if (!connection.active()) {
                throw new UpstreamFailed(UpstreamFailed.Reason.UNAUTHORIZED, "the connection was revoked");
            }
            slack.post(tokens.upstream(workspace, connectionId, null, "answering a Slack mention", false),
                    mention.channel(), reply, mention.threadTs());
            outcome = mention.sessionId() == null ? reply : "answered";
        } catch (UpstreamFailed e) {
            if (!late && e.reason() != UpstreamFailed.Reason.UNAUTHORIZED) {
                return; // Slack is limiting or down: the next sweep tries again
            }
            outcome = "The answer could not be posted: " + e.getMessage();
        }
        String recorded = outcome;
        tenancy.inWorkspace(workspace, null, () -> jdbc.sql("""
                        UPDATE connection_mentions SET answered_at = :now, outcome = :outcome
                        WHERE workspace_id = :w AND connection_id = :c AND event_id = :event""")
                .param("now", SqlTime.of(clock.instant())).param("outcome", recorded).param("w", workspace.id())
                .param("c", connectionId).param("event", eventId).update());
    }

    /** The run's answer, a note when it waits for a person, or null while it is still working. */
    private @Nullable String runAnswer(WorkspaceId workspace, Connection connection, UUID sessionId, boolean late) {
        if (connection.createdBy() == null || connection.agentId() == null) {
            return "The agent's run could not be read back.";
        }
        WorkspaceAccess access = workspaces.access(Actor.person(new PersonId(connection.createdBy())), workspace);
        AgentId agent = new AgentId(connection.agentId());
        SessionInfo run = sessions.get(access, agent, new SessionId(sessionId));
        return switch (run.status()) {
            case "running" -> late ? "The agent is still working; follow the session in Custos." : null;
            case "awaiting_approval" -> "The agent waits for a person's approval of a tool call in Custos.";
            default -> SessionEvent.lastAnswer(sessions.events(access, agent, new SessionId(sessionId), 0, false))
                    .orElse("The agent ended without an answer.");
        };
    }
}
