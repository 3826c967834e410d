package dev.custos.privacy.requests;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.custos.platform.PersonId;
import dev.custos.platform.SqlTime;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Data-subject requests as rows: read with their history in one query, and their history written step by step. */
@Component
class PrivacyRequestRows {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    PrivacyRequestRows(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** Adds a step to a request's history. In the caller's transaction. */
    void step(UUID request, RequestStatus status, @Nullable PersonId actor, String note) {
        jdbc.sql("""
                INSERT INTO privacy_request_history (request_id, seq, at, status, actor_id, note)
                VALUES (:id, (SELECT COALESCE(max(seq), 0) + 1 FROM privacy_request_history WHERE request_id = :id),
                        :now, :status, :actor, :note)""")
                .param("id", request).param("now", SqlTime.of(clock.instant())).param("status", status.key())
                .param("actor", actor == null ? null : actor.id()).param("note", note).update();
    }

    PrivacyRequest find(UUID id) {
        return jdbc.sql(WITH_HISTORY.formatted("privacy_requests") + " WHERE r.request_id = :id").param("id", id)
                .query(this::request).single();
    }

    /** Requests with their history in one query: {@code %s} is the table (or CTE) the requests come from. */
    static final String WITH_HISTORY = """
            SELECT r.*, (SELECT COALESCE(json_agg(json_build_object('at', h.at, 'status', h.status,
                                                                    'actorId', h.actor_id, 'note', h.note)
                                                  ORDER BY h.seq), '[]'::json)
                         FROM privacy_request_history h WHERE h.request_id = r.request_id) AS history
            FROM %s r""";

    PrivacyRequest request(ResultSet rs, int row) throws SQLException {
        UUID id = rs.getObject("request_id", UUID.class);
        List<PrivacyRequest.Step> history = new ArrayList<>();
        json.readTree(rs.getString("history")).forEach(step -> history.add(new PrivacyRequest.Step(
                OffsetDateTime.parse(step.path("at").asString()).toInstant(), RequestStatus.of(step.path("status").asString()),
                step.path("actorId").isNull() ? null : UUID.fromString(step.path("actorId").asString()),
                step.path("note").asString())));
        return PrivacyRequest.of(id, rs.getObject("person_id", UUID.class), RequestKind.of(rs.getString("kind")),
                Jurisdiction.valueOf(rs.getString("jurisdiction")), RequestStatus.of(rs.getString("status")),
                SqlTime.instant(rs, "received_at"), SqlTime.instant(rs, "due_at"), SqlTime.instant(rs, "extended_at"),
                rs.getString("extension_reason"), rs.getObject("submitted_by", UUID.class),
                rs.getString("verification"), SqlTime.instant(rs, "closed_at"), clock.instant(), history);
    }
}
