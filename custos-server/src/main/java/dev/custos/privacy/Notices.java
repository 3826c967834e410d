package dev.custos.privacy;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.custos.identity.Actor;
import dev.custos.identity.People;
import dev.custos.platform.Mail;
import dev.custos.platform.PersonId;
import dev.custos.platform.SqlTime;
import dev.custos.platform.web.CustosException;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Notices to a person: what happened to their requests, deadlines for administrators, policy and sub-processor
 * changes, breaches. Each is kept in the app and, where the installation has a mail relay, emailed too.
 */
@Service
public class Notices {

    /** A notice as its reader sees it. */
    public record Notice(UUID id, String topic, String message, Instant createdAt, @Nullable Instant readAt) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final People people;
    private final Mail mail;
    private final String baseUrl;

    Notices(JdbcClient jdbc, Clock clock, People people, Mail mail,
            @Value("${custos.identity.base-url}") String baseUrl) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.people = people;
        this.mail = mail;
        this.baseUrl = baseUrl;
    }

    /** A notice whose mail links to the person's own notices and requests (Settings → Your data). */
    public void notify(PersonId person, String topic, String message) {
        notify(person, topic, message, "/settings/data");
    }

    /**
     * A notice whose mail links to {@code page}, a path the recipient can open: where they act on it, or a public
     * page when they no longer have an account to sign in to.
     */
    public void notify(PersonId person, String topic, String message, String page) {
        jdbc.sql("""
                INSERT INTO person_notices (notice_id, person_id, topic, message, created_at)
                VALUES (:id, :person, :topic, :message, :now)""")
                .param("id", UUID.randomUUID()).param("person", person.id()).param("topic", topic)
                .param("message", message).param("now", SqlTime.of(clock.instant())).update();
        if (mail.available()) {
            people.find(person).ifPresent(to -> mail.send(to.email(), "Custos: " + topic.replace('_', ' '),
                    message + "\n\n" + baseUrl + page + "\n"));
        }
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
