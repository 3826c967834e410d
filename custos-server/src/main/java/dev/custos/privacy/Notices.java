package dev.custos.privacy;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.custos.identity.Actor;
import dev.custos.platform.PersonId;
import dev.custos.platform.SqlTime;
import dev.custos.platform.web.CustosException;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Notices to a person inside the app: what happened to their requests, deadlines for administrators. */
@Service
public class Notices {

    /** A notice as its reader sees it. */
    public record Notice(UUID id, String topic, String message, Instant createdAt, @Nullable Instant readAt) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    Notices(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void notify(PersonId person, String topic, String message) {
        jdbc.sql("""
                INSERT INTO person_notices (notice_id, person_id, topic, message, created_at)
                VALUES (:id, :person, :topic, :message, :now)""")
                .param("id", UUID.randomUUID()).param("person", person.id()).param("topic", topic)
                .param("message", message).param("now", SqlTime.of(clock.instant())).update();
    }

    public List<Notice> mine(Actor actor, boolean unreadOnly) {
        return jdbc.sql("""
                        SELECT * FROM person_notices WHERE person_id = :p AND (NOT :unread OR read_at IS NULL)
                        ORDER BY created_at DESC LIMIT 200""")
                .param("p", actor.person().id()).param("unread", unreadOnly)
                .query((rs, n) -> new Notice(rs.getObject("notice_id", UUID.class), rs.getString("topic"),
                        rs.getString("message"), SqlTime.instant(rs, "created_at"), SqlTime.instant(rs, "read_at")))
                .list();
    }

    public void markRead(Actor actor, UUID notice) {
        int updated = jdbc.sql("""
                        UPDATE person_notices SET read_at = COALESCE(read_at, :now)
                        WHERE notice_id = :id AND person_id = :p""")
                .param("now", SqlTime.of(clock.instant())).param("id", notice).param("p", actor.person().id())
                .update();
        if (updated == 0) {
            throw CustosException.notFound("Notice");
        }
    }
}
