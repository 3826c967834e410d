package dev.custos.privacy.requests;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.identity.Accounts;
import dev.custos.identity.Actor;
import dev.custos.identity.People;
import dev.custos.platform.HumanTime;
import dev.custos.platform.PersonId;
import dev.custos.platform.SqlTime;
import dev.custos.platform.web.CustosException;
import dev.custos.privacy.Notices;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Data-subject requests: received with a legal deadline, extended at most once (with a reason the requester is
 * told), moved through in_progress to completed or rejected, every step kept in the request's history and the
 * audit log. Administrators are reminded of requests close to their deadline; overdue ones are flagged.
 */
@Service
public class PrivacyRequests {


    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Accounts accounts;
    private final People people;
    private final Notices notices;
    private final AuditLog audit;
    private final Clock clock;
    private final RequestDeadlines deadlines;
    private final PrivacyRequestRows rows;

    PrivacyRequests(JdbcClient jdbc, TransactionTemplate transactions, Accounts accounts, People people,
                    Notices notices, AuditLog audit, Clock clock, RequestDeadlines deadlines,
                    PrivacyRequestRows rows) {
        this.rows = rows;
        this.deadlines = deadlines;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.accounts = accounts;
        this.people = people;
        this.notices = notices;
        this.audit = audit;
        this.clock = clock;
    }

    /** A person's own request, after they confirm who they are with their password (DR-11). */
    public PrivacyRequest submit(Actor actor, RequestKind kind, Jurisdiction jurisdiction, String password) {
        actor.requireSignedIn("Making a privacy request");
        accounts.reverify(actor.person(), password, "privacy_request");
        return receive(actor.person(), actor.person(), kind, jurisdiction, "password",
                "Received; your identity was confirmed with your password.");
    }

    /** A request an administrator records for someone who asked another way (email, letter, phone). */
    public PrivacyRequest submitOnBehalf(Actor admin, PersonId person, RequestKind kind, Jurisdiction jurisdiction,
                                         String howVerified) {
        requireAdmin(admin);
        if (people.find(person).isEmpty()) {
            throw CustosException.notFound("Person");
        }
        if (howVerified.isBlank()) {
            throw CustosException.invalid("verification-required",
                    "Say how the requester's identity was verified before recording the request.");
        }
        return receive(person, admin.person(), kind, jurisdiction, "administrator",
                "Received by an administrator; identity verified: " + howVerified.strip());
    }

    public PrivacyRequest receive(PersonId person, PersonId submittedBy, RequestKind kind, Jurisdiction jurisdiction,
                                   String verification, String note) {
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        Instant due = deadlines.due(jurisdiction, now);
        transactions.executeWithoutResult(status -> {
            jdbc.sql("""
                    INSERT INTO privacy_requests (request_id, person_id, kind, jurisdiction, status, received_at,
                                                  due_at, submitted_by, verification)
                    VALUES (:id, :person, :kind, :jurisdiction, :status, :now, :due, :by, :verification)""")
                    .param("status", RequestStatus.RECEIVED.key())
                    .param("id", id).param("person", person.id()).param("kind", kind.key())
                    .param("jurisdiction", jurisdiction.name()).param("now", SqlTime.of(now))
                    .param("due", SqlTime.of(due)).param("by", submittedBy.id()).param("verification", verification)
                    .update();
            rows.step(id, RequestStatus.RECEIVED, submittedBy, note);
            audit.record(AuditEvent.installation(submittedBy, "privacy_request.received").on("privacy_request", id)
                    .with("kind", kind.key()).with("jurisdiction", jurisdiction.name()));
            notices.notify(person, "privacy_request", "We received your " + kind.key().replace('_', ' ')
                    + " request on " + HumanTime.date(now) + ". We will answer by " + HumanTime.date(due) + ".",
                    followUp(kind, id));
        });
        return rows.find(id);
    }

    public List<PrivacyRequest> mine(Actor actor) {
        return jdbc.sql(PrivacyRequestRows.WITH_HISTORY.formatted("privacy_requests") + " WHERE r.person_id = :p ORDER BY r.received_at DESC")
                .param("p", actor.person().id()).query(rows::request).list();
    }

    /** One request, to its subject or an administrator; to anyone else it does not exist. */
    public PrivacyRequest get(Actor actor, UUID id) {
        PrivacyRequest request = jdbc.sql(PrivacyRequestRows.WITH_HISTORY.formatted("privacy_requests") + " WHERE r.request_id = :id").param("id", id)
                .query(rows::request).optional().orElseThrow(() -> CustosException.notFound("Request"));
        if (!request.personId().equals(actor.person().id()) && !accounts.isInstallationAdmin(actor)) {
            throw CustosException.notFound("Request");
        }
        return request;
    }

    /**
     * Where an erasure stands, for the confirmation page its requester keeps after their account is closed: the
     * request id is the capability, and the answer holds nothing about the person.
     */
    public Optional<PrivacyRequest> erasure(UUID id) {
        return jdbc.sql(PrivacyRequestRows.WITH_HISTORY.formatted("privacy_requests") + " WHERE r.request_id = :id AND r.kind = 'erasure'")
                .param("id", id).query(rows::request).optional();
    }

    /** The administrators' queue: open requests, most urgent first (or every request, with closed ones). */
    public List<PrivacyRequest> queue(Actor admin, boolean includeClosed) {
        requireAdmin(admin);
        List<PrivacyRequest> queue = jdbc.sql(PrivacyRequestRows.WITH_HISTORY.formatted("privacy_requests")
                        + " WHERE (:all OR r.closed_at IS NULL) ORDER BY r.due_at")
                .param("all", includeClosed).query(rows::request).list();
        // Other people's requests and their history are personal data (SC-04): who read them, and how many.
        audit.record(AuditEvent.installation(admin.person(), "privacy_requests.read")
                .with("requests", String.valueOf(queue.size())).with("closed_included", String.valueOf(includeClosed)));
        return queue;
    }

    /** Extends the deadline once, with a reason the requester is told (up to 90 days from receipt). */
    public PrivacyRequest extend(Actor admin, UUID id, Instant newDue, String reason) {
        requireAdmin(admin);
        PrivacyRequest request = get(admin, id);
        if (request.closedAt() != null) {
            throw CustosException.conflict("request-closed", "The request is closed.");
        }
        request.jurisdiction().checkExtension(request.receivedAt(), request.dueAt(), request.extendedAt() != null,
                newDue, reason);
        transactions.executeWithoutResult(status -> {
            jdbc.sql("""
                    UPDATE privacy_requests SET due_at = :due, extended_at = :now, extension_reason = :reason,
                                                reminder_sent_at = NULL
                    WHERE request_id = :id AND extended_at IS NULL""")
                    .param("due", SqlTime.of(newDue)).param("now", SqlTime.of(clock.instant()))
                    .param("reason", reason.strip()).param("id", id).update();
            rows.step(id, request.status(), admin.person(), "Deadline extended to " + HumanTime.date(newDue) + ": "
                    + reason.strip());
            audit.record(AuditEvent.installation(admin.person(), "privacy_request.extended").on("privacy_request", id)
                    .with("due_at", newDue.toString()));
            notices.notify(new PersonId(request.personId()), "privacy_request", "We need more time for your "
                    + request.kind().key().replace('_', ' ') + " request and will answer by " + HumanTime.date(newDue)
                    + ". Why: "
                    + reason.strip(), followUp(request.kind(), id));
        });
        return rows.find(id);
    }

    /** Moves a request on: in_progress, completed or rejected (with a note the requester reads). */
    public PrivacyRequest advance(Actor admin, UUID id, String newStatus, String note) {
        requireAdmin(admin);
        RequestStatus status = RequestStatus.advancedTo(newStatus);
        if (status == RequestStatus.REJECTED && note.isBlank()) {
            throw CustosException.invalid("reason-required", "A rejection needs a reason the requester will read.");
        }
        PrivacyRequest request = get(admin, id);
        if (request.closedAt() != null) {
            throw CustosException.conflict("request-closed", "The request is closed.");
        }
        boolean closes = status != RequestStatus.IN_PROGRESS;
        transactions.executeWithoutResult(tx -> {
            jdbc.sql("UPDATE privacy_requests SET status = :status, closed_at = :closed WHERE request_id = :id")
                    .param("status", status.key()).param("closed", closes ? SqlTime.of(clock.instant()) : null)
                    .param("id", id).update();
            rows.step(id, status, admin.person(), note.isBlank() ? "Now " + status.words() + "." : note.strip());
            audit.record(AuditEvent.installation(admin.person(), "privacy_request." + status.key())
                    .on("privacy_request", id));
            if (closes) {
                notices.notify(new PersonId(request.personId()), "privacy_request", "Your "
                        + request.kind().key().replace('_', ' ') + " request was " + status.words() + "."
                        + (note.isBlank() ? "" : " " + note.strip()), followUp(request.kind(), id));
            }
        });
        return rows.find(id);
    }

    /** Custos itself took the request up (an erasure starts at once). In the caller's transaction. */
    public void markInProgress(UUID id) {
        jdbc.sql("UPDATE privacy_requests SET status = :status WHERE request_id = :id")
                .param("status", RequestStatus.IN_PROGRESS.key()).param("id", id).update();
        rows.step(id, RequestStatus.IN_PROGRESS, null, "In progress.");
    }

    /** Adds a line to a request's history, its status unchanged (what happened after it was answered). */
    public void note(UUID id, String note) {
        RequestStatus status = RequestStatus.of(jdbc.sql("SELECT status FROM privacy_requests WHERE request_id = :id")
                .param("id", id).query(String.class).single());
        rows.step(id, status, null, note);
    }

    /** Custos itself completed the request. In the caller's transaction. */
    public void complete(UUID id, String note) {
        jdbc.sql("UPDATE privacy_requests SET status = :status, closed_at = :now WHERE request_id = :id")
                .param("status", RequestStatus.COMPLETED.key()).param("now", SqlTime.of(clock.instant()))
                .param("id", id).update();
        rows.step(id, RequestStatus.COMPLETED, null, note);
    }

    /**
     * Where the requester follows a request: their own page, or for an erasure (their account is closed by then)
     * the request's public status page.
     */
    static String followUp(RequestKind kind, UUID request) {
        return kind == RequestKind.ERASURE ? "/privacy/erasures/" + request : "/settings/data";
    }

    private void requireAdmin(Actor actor) {
        accounts.requireInstallationAdmin(actor, "Only installation administrators handle the privacy request queue.");
    }
}
