package dev.custos.agent;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.platform.NodeLiveness;
import dev.custos.platform.SessionId;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Which node runs which session ({@code run_leases}): a node holds a run's lease while it works and renews it
 * at every step; a run whose node died is claimed by another at once (its liveness lock is gone) or once the lease
 * lapses. Methods without a workspace context of their own run in the caller's workspace-bound transaction.
 */
@Component
class RunLeases {

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final NodeLiveness liveness;
    private final AgentProperties properties;
    private final Clock clock;
    private final UUID node;

    RunLeases(JdbcClient jdbc, Tenancy tenancy, NodeLiveness liveness, AgentProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.liveness = liveness;
        this.properties = properties;
        this.clock = clock;
        this.node = liveness.id();
        liveness.hold(); // before this node takes any run: others must see it alive
    }

    /** Takes (or renews) this node's lease on a run. */
    void take(WorkspaceId workspace, SessionId session) {
        jdbc.sql("""
                INSERT INTO run_leases (workspace_id, session_id, lease_owner, lease_until)
                VALUES (:ws, :s, :owner, :until)
                ON CONFLICT (workspace_id, session_id) DO UPDATE SET lease_owner = :owner, lease_until = :until""")
                .param("ws", workspace.id()).param("s", session).param("owner", node)
                .param("until", SqlTime.of(clock.instant().plus(properties.lease()))).update();
    }

    /** Renews this node's lease; false when another node claimed the run meanwhile. */
    boolean renew(WorkspaceId workspace, SessionId session) {
        return jdbc.sql("""
                        UPDATE run_leases SET lease_until = :until
                        WHERE workspace_id = :ws AND session_id = :s AND lease_owner = :me""")
                .param("until", SqlTime.of(clock.instant().plus(properties.lease())))
                .param("ws", workspace.id()).param("s", session).param("me", node).update() == 1;
    }

    /** The run ended or waits for a person: no node holds it. */
    void release(WorkspaceId workspace, SessionId session) {
        jdbc.sql("DELETE FROM run_leases WHERE workspace_id = :ws AND session_id = :s")
                .param("ws", workspace.id()).param("s", session).update();
    }

    /** This node stops: its lease on the run lapses now, so another node resumes it at once. */
    void handOver(WorkspaceId workspace, SessionId session) {
        tenancy.inWorkspace(workspace, null, () -> jdbc.sql("""
                        UPDATE run_leases SET lease_until = :now
                        WHERE workspace_id = :ws AND session_id = :s AND lease_owner = :me""")
                .param("now", SqlTime.of(clock.instant())).param("ws", workspace.id()).param("s", session)
                .param("me", node).update());
    }

    /** Claims up to twenty runs whose node stopped renewing them, across workspaces. */
    List<Map.Entry<WorkspaceId, UUID>> claimAbandoned() {
        liveness.hold();
        return tenancy.inWorkspace(WorkspaceId.INSTALLATION, null, () -> jdbc.sql(
                        "SELECT workspace_id, session_id FROM claim_stale_runs(:me, 20, make_interval(secs => :secs))")
                .param("me", node).param("secs", (double) properties.lease().toSeconds())
                .query((rs, n) -> Map.entry(new WorkspaceId(rs.getObject(1, UUID.class)), rs.getObject(2, UUID.class)))
                .list());
    }
}
