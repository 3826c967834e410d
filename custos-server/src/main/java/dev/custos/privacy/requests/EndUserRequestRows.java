package dev.custos.privacy.requests;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.custos.keys.ContentSeal;
import dev.custos.platform.SqlTime;
import dev.custos.platform.WorkspaceId;
import dev.custos.workspace.Workspaces;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** End users' requests as rows: read and opened for those who answer them, and the words their requester reads. */
@Component
class EndUserRequestRows {

    private final JdbcClient jdbc;
    private final ContentSeal seal;
    private final JsonMapper json;
    private final Workspaces workspaces;
    private final Clock clock;
    private final String operator;

    EndUserRequestRows(JdbcClient jdbc, ContentSeal seal, JsonMapper json, Workspaces workspaces, Clock clock,
                       @Value("${custos.privacy.controller-name}") String operator) {
        this.jdbc = jdbc;
        this.seal = seal;
        this.json = json;
        this.workspaces = workspaces;
        this.clock = clock;
        this.operator = operator;
    }

    /** A workspace's confirmed requests routed to {@code routedTo}, newest first; in the workspace's context. */
    List<EndUserRequests.EndUserRequest> read(WorkspaceId workspace, String routedTo) {
        String organisation = workspaces.name(workspace);
        Instant now = clock.instant();
        return jdbc.sql("""
                        SELECT * FROM end_user_requests WHERE workspace_id = :w AND routed_to = :routed
                          AND status <> 'unverified' ORDER BY received_at DESC""")
                .param("w", workspace.id()).param("routed", routedTo)
                .query((rs, n) -> request(rs, workspace, organisation, now)).list();
    }

    private EndUserRequests.EndUserRequest request(ResultSet rs, WorkspaceId workspace, String organisation, Instant now)
            throws SQLException {
        UUID id = rs.getObject("request_id", UUID.class);
        EndUserRequestStatus status = EndUserRequestStatus.of(rs.getString("status"));
        Instant due = SqlTime.instant(rs, "due_at");
        boolean open = status == EndUserRequestStatus.AWAITING_INSTRUCTION;
        return new EndUserRequests.EndUserRequest(id, workspace, organisation, RequestKind.of(rs.getString("kind")),
                Jurisdiction.valueOf(rs.getString("jurisdiction")), requester(workspace, id, rs.getBytes("requester")),
                SqlTime.instant(rs, "received_at"), due, SqlTime.instant(rs, "extended_at"),
                rs.getString("extension_reason"), rs.getString("routed_to"), status, rs.getString("instruction"),
                SqlTime.instant(rs, "instructed_at"), SqlTime.instant(rs, "requester_told_at"),
                open && now.isAfter(due), open ? Math.floorDiv(Duration.between(now, due).toHours(), 24) : null);
    }

    EndUserRequests.Requester requester(WorkspaceId workspace, UUID id, byte[] sealed) {
        return json.readValue(seal.open(workspace, sealed, "end-user-request|" + id), EndUserRequests.Requester.class);
    }

    /** Who answers a request, as its requester is told: the organisation, or the operator. */
    String answeredBy(boolean byOwners, String organisation) {
        return byOwners ? organisation : "the operator of this service (" + operator + ")";
    }

    static String capitalised(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
