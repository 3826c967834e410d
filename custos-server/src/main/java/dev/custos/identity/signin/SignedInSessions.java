package dev.custos.identity.signin;

import java.time.Instant;
import java.util.List;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.platform.PersonId;
import dev.custos.platform.web.CustosException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * A person's signed-in sessions (in the session store, by principal: the person's id): listed with when they
 * began and were last used, ended one by one or all but the current one — and all but the current one when the
 * password changes. A session is named by its store id, never by the cookie value, which is a credential.
 */
@Service
public class SignedInSessions {

    /** One signed-in session; {@code current} is the one asking. */
    public record SignedInSession(String id, Instant startedAt, Instant lastUsedAt, Instant expiresAt,
                                  boolean current) {
    }

    private final JdbcClient jdbc;
    private final AuditLog audit;

    SignedInSessions(JdbcClient jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    public List<SignedInSession> list(PersonId person, String currentSessionId) {
        return jdbc.sql("""
                        SELECT primary_id, creation_time, last_access_time, expiry_time, session_id = :current
                        FROM http_sessions WHERE principal_name = :p ORDER BY last_access_time DESC""")
                .param("p", person.toString()).param("current", currentSessionId)
                .query((rs, n) -> new SignedInSession(rs.getString(1).strip(), Instant.ofEpochMilli(rs.getLong(2)),
                        Instant.ofEpochMilli(rs.getLong(3)), Instant.ofEpochMilli(rs.getLong(4)), rs.getBoolean(5)))
                .list();
    }

    /** Ends every session of the person but the current one; returns how many ended. */
    public int signOutOthers(PersonId person, String currentSessionId, String reason) {
        int ended = jdbc.sql("DELETE FROM http_sessions WHERE principal_name = :p AND session_id <> :current")
                .param("p", person.toString()).param("current", currentSessionId).update();
        audit.record(AuditEvent.installation(person, "auth.sessions_ended").with("count", String.valueOf(ended))
                .with("reason", reason));
        return ended;
    }

    /** Ends one of the person's sessions, by its id in the list. */
    public void signOut(PersonId person, String sessionId) {
        int ended = jdbc.sql("DELETE FROM http_sessions WHERE principal_name = :p AND primary_id = :id")
                .param("p", person.toString()).param("id", sessionId).update();
        if (ended == 0) {
            throw CustosException.notFound("Session");
        }
        audit.record(AuditEvent.installation(person, "auth.sessions_ended").with("count", "1")
                .with("reason", "signed_out_by_owner"));
    }
}
