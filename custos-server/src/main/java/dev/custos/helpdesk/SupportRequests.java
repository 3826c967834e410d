package dev.custos.helpdesk;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.identity.Accounts;
import dev.custos.identity.Actor;
import dev.custos.identity.People;
import dev.custos.keys.ContentSeal;
import dev.custos.platform.PersonId;
import dev.custos.platform.SqlTime;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.privacy.Notices;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Support requests (GV-06). A person opens one with a subject and a first message; staff (installation
 * administrators) answer; either writes more; either closes it. Each status change is kept; the other side is told
 * in the app and by mail, never with the content in the notice. The requester sees only their own requests.
 */
@Service
public class SupportRequests {

    public record Summary(UUID id, String subject, String status, Instant createdAt, Instant updatedAt) {
    }

    public record Message(UUID id, boolean fromStaff, @Nullable UUID author, String text, Instant at) {
    }

    public record Change(String status, @Nullable UUID by, Instant at) {
    }

    public record Request(UUID id, UUID requester, String subject, String status, List<Message> messages,
                          List<Change> history) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ContentSeal seal;
    private final Accounts accounts;
    private final People people;
    private final Notices notices;
    private final AuditLog audit;
    private final Clock clock;

    SupportRequests(JdbcClient jdbc, TransactionTemplate transactions, ContentSeal seal, Accounts accounts,
                    People people, Notices notices, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.seal = seal;
        this.accounts = accounts;
        this.people = people;
        this.notices = notices;
        this.audit = audit;
        this.clock = clock;
    }

    static String subjectContext(Object request) {
        return "support:" + request;
    }

    static String messageContext(Object request, Object message) {
        return "support:" + request + ":" + message;
    }

    /** Opens a request; staff are told. */
    public UUID open(Actor actor, String subject, String message) {
        String cleanSubject = subject.strip();
        if (cleanSubject.isEmpty() || cleanSubject.length() > 200) {
            throw CustosException.invalid("invalid-support-request", "A request has a subject of 1 to 200 "
                    + "characters and a message of 1 to 10000.").with(CustosException.PARAM, "subject");
        }
        checkMessage(message);
        PersonId requester = actor.person();
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> {
            jdbc.sql("""
                            INSERT INTO support_requests (request_id, person_id, subject, status, created_at,
                                updated_at)
                            VALUES (:id, :person, :subject, 'open', :now, :now)""")
                    .param("id", id).param("person", requester.id())
                    .param("subject", seal.seal(WorkspaceId.INSTALLATION, requester, cleanSubject, subjectContext(id)))
                    .param("now", SqlTime.of(now)).update();
            addMessage(id, requester, requester, false, message, now);
            changeStatus(id, requester, SupportStatus.OPEN, requester, now);
            audit.record(AuditEvent.installation(requester, "support.opened").with("request", id.toString()));
            for (PersonId staff : people.installationAdmins()) {
                if (!staff.equals(requester)) {
                    notices.notify(staff, "support_request", "A support request is waiting for an answer.",
                            "/admin/support/" + id);
                }
            }
        });
        return id;
    }

    /** Adds a message: from staff it answers the request, from the requester it opens it again. */
    public void write(Actor actor, UUID requestId, String message) {
        checkMessage(message);
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> {
            Stored request = visible(actor, requestId, true);
            boolean staff = !request.requester().equals(actor.person());
            addMessage(requestId, request.requester(), actor.person(), staff, message, now);
            SupportStatus next = staff ? SupportStatus.ANSWERED : SupportStatus.OPEN;
            changeStatus(requestId, request.requester(), next, actor.person(), now);
            audit.record(AuditEvent.installation(actor.person(), staff ? "support.answered" : "support.followed_up")
                    .with("request", requestId.toString()));
            if (staff) {
                notices.notify(request.requester(), "support_answered", "Your support request has an answer.",
                        "/support/" + requestId);
            } else {
                for (PersonId admin : people.installationAdmins()) {
                    notices.notify(admin, "support_request", "A support request has a new message.",
                            "/admin/support/" + requestId);
                }
            }
        });
    }

    /** Closes the request: the requester or staff. */
    public void close(Actor actor, UUID requestId) {
        transactions.executeWithoutResult(status -> {
            Stored request = visible(actor, requestId, true);
            changeStatus(requestId, request.requester(), SupportStatus.CLOSED, actor.person(), clock.instant());
            audit.record(AuditEvent.installation(actor.person(), "support.closed")
                    .with("request", requestId.toString()));
        });
    }

    /** The person's own requests, newest activity first. */
    public List<Summary> mine(Actor actor) {
        return summaries("WHERE person_id = :p", actor.person().id());
    }

    /** Every request in a status, oldest activity first: the staff's queue. Installation administrators only. */
    public List<Summary> queue(Actor actor, @Nullable String status) {
        accounts.requireInstallationAdmin(actor, "Only the operator's staff see every support request.");
        if (status != null && !List.of("open", "answered", "closed").contains(status)) {
            throw CustosException.invalid("invalid-status", "status is open, answered or closed.")
                    .with(CustosException.PARAM, "status");
        }
        return status == null ? summaries("WHERE :p IS NOT NULL", "all") : summaries("WHERE status = :p", status);
    }

    /** A request with its messages and history: for its requester and for staff. */
    public Request get(Actor actor, UUID requestId) {
        Stored request = visible(actor, requestId, false);
        List<Message> messages = jdbc.sql("""
                        SELECT message_id, from_staff, author_id, body, created_at FROM support_messages
                        WHERE request_id = :r ORDER BY created_at, message_id""")
                .param("r", requestId)
                .query((rs, n) -> {
                    UUID id = rs.getObject(1, UUID.class);
                    return new Message(id, rs.getBoolean(2), rs.getObject(3, UUID.class),
                            open(request.requester(), rs.getBytes(4), messageContext(requestId, id)),
                            SqlTime.instant(rs, "created_at"));
                }).list();
        List<Change> history = jdbc.sql("""
                        SELECT status, changed_by, changed_at FROM support_status_history WHERE request_id = :r
                        ORDER BY changed_at, history_id""")
                .param("r", requestId)
                .query((rs, n) -> new Change(rs.getString(1), rs.getObject(2, UUID.class),
                        SqlTime.instant(rs, "changed_at"))).list();
        return new Request(requestId, request.requester().id(), request.subject(), request.status(), messages,
                history);
    }

    private record Stored(PersonId requester, String subject, String status) {
    }

    /** The request if the actor may see it (its requester, or staff); 404 otherwise, as if it did not exist. */
    private Stored visible(Actor actor, UUID requestId, boolean forUpdate) {
        Stored request = jdbc.sql("SELECT person_id, subject, status FROM support_requests WHERE request_id = :r"
                        + (forUpdate ? " FOR UPDATE" : ""))
                .param("r", requestId)
                .query((rs, n) -> {
                    PersonId requester = new PersonId(rs.getObject(1, UUID.class));
                    return new Stored(requester, open(requester, rs.getBytes(2), subjectContext(requestId)),
                            rs.getString(3));
                }).optional().orElseThrow(() -> CustosException.notFound("Support request"));
        if (!request.requester().equals(actor.person()) && !accounts.isInstallationAdmin(actor)) {
            throw CustosException.notFound("Support request");
        }
        return request;
    }

    private List<Summary> summaries(String where, Object value) {
        return jdbc.sql("SELECT request_id, person_id, subject, status, created_at, updated_at FROM support_requests "
                        + where + " ORDER BY updated_at DESC LIMIT 500")
                .param("p", value)
                .query((rs, n) -> {
                    UUID id = rs.getObject(1, UUID.class);
                    return new Summary(id, open(new PersonId(rs.getObject(2, UUID.class)), rs.getBytes(3),
                            subjectContext(id)), rs.getString(4), SqlTime.instant(rs, "created_at"),
                            SqlTime.instant(rs, "updated_at"));
                }).list();
    }

    private String open(PersonId requester, byte[] sealed, String context) {
        try {
            return seal.open(WorkspaceId.INSTALLATION, requester, sealed, context);
        } catch (ContentSeal.SealBroken e) {
            return "(erased)";
        }
    }

    private void addMessage(UUID request, PersonId requester, PersonId author, boolean fromStaff, String text,
                            Instant now) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO support_messages (message_id, request_id, requester_id, author_id, from_staff, body,
                            created_at)
                        VALUES (:id, :r, :requester, :author, :staff, :body, :now)""")
                .param("id", id).param("r", request).param("requester", requester.id()).param("author", author.id())
                .param("staff", fromStaff)
                .param("body", seal.seal(WorkspaceId.INSTALLATION, requester, text.strip(),
                        messageContext(request, id)))
                .param("now", SqlTime.of(now)).update();
    }

    private void changeStatus(UUID request, PersonId requester, SupportStatus status, PersonId by, Instant now) {
        jdbc.sql("UPDATE support_requests SET status = :s, updated_at = :now WHERE request_id = :r")
                .param("s", status.key()).param("now", SqlTime.of(now)).param("r", request).update();
        jdbc.sql("""
                        INSERT INTO support_status_history (history_id, request_id, requester_id, status, changed_by,
                            changed_at)
                        VALUES (:id, :r, :requester, :s, :by, :now)""")
                .param("id", UUID.randomUUID()).param("r", request).param("requester", requester.id())
                .param("s", status.key()).param("by", by.id()).param("now", SqlTime.of(now)).update();
    }

    private static void checkMessage(String message) {
        if (message.isBlank() || message.length() > 10_000) {
            throw CustosException.invalid("invalid-support-request", "A message has 1 to 10000 characters.")
                    .with(CustosException.PARAM, "message");
        }
    }
}
