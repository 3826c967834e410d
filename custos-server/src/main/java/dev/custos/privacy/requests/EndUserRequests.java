package dev.custos.privacy.requests;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.identity.People;
import dev.custos.keys.ContentSeal;
import dev.custos.platform.HumanTime;
import dev.custos.platform.Mail;
import dev.custos.platform.PersonId;
import dev.custos.platform.Secrets;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.privacy.Notices;
import dev.custos.privacy.governance.DataProcessing;
import dev.custos.workspace.Workspaces;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests from people without an account about data a workspace holds (DR-11, DR-12, DR-08), from the public
 * form to the answer: the requester confirms their address by a mailed code; the request then goes to the
 * workspace's owners (processor mode: the organisation controls the data) or to the installation's
 * administrators, with a deadline of at most 30 days; Custos acts only on their instruction, and tells the
 * requester the outcome.
 */
@Service
public class EndUserRequests {

    /** Who asked, and what they said: sealed at rest, shown only to whoever answers. */
    public record Requester(String email, String details) {
    }

    /**
     * A request as those who answer it see it.
     *
     * @param routedTo  {@code workspace} (its owners answer) or {@code installation} (the administrators do)
     * @param daysLeft  whole days until the deadline (negative once overdue), while unanswered
     */
    public record EndUserRequest(UUID id, WorkspaceId workspace, String organisation, RequestKind kind,
                                 Jurisdiction jurisdiction, Requester requester, Instant receivedAt, Instant dueAt,
                                 @Nullable Instant extendedAt, @Nullable String extensionReason, String routedTo,
                                 EndUserRequestStatus status, @Nullable String instruction,
                                 @Nullable Instant instructedAt,
                                 @Nullable Instant requesterToldAt, boolean overdue, @Nullable Long daysLeft) {

        public boolean open() {
            return status == EndUserRequestStatus.AWAITING_INSTRUCTION;
        }
    }

    /** What the requester learns once they confirm: who answers, and by when. */
    public record Confirmed(String organisation, String answeredBy, Instant dueAt) {
    }

    /** How long a mailed confirmation code works; unconfirmed requests are deleted after it. */
    static final Duration CONFIRMATION_VALIDITY = Duration.ofHours(24);

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final Workspaces workspaces;
    private final RequestForms forms;
    private final DataProcessing processing;
    private final RequestDeadlines deadlines;
    private final PublicRequestThrottle throttle;
    private final ContentSeal seal;
    private final Notices notices;
    private final People people;
    private final AuditLog audit;
    private final JsonMapper json;
    private final Clock clock;
    private final Mail mail;
    private final String baseUrl;
    private final String contact;
    private final EndUserRequestRows rows;

    EndUserRequests(JdbcClient jdbc, Tenancy tenancy, Workspaces workspaces, RequestForms forms,
                    DataProcessing processing, RequestDeadlines deadlines, PublicRequestThrottle throttle,
                    ContentSeal seal, Notices notices, People people, AuditLog audit,
                    JsonMapper json, Clock clock, Mail mail, EndUserRequestRows rows,
                    @Value("${custos.identity.base-url}") String baseUrl,
                    @Value("${custos.privacy.contact}") String contact) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.workspaces = workspaces;
        this.forms = forms;
        this.processing = processing;
        this.deadlines = deadlines;
        this.throttle = throttle;
        this.seal = seal;
        this.notices = notices;
        this.people = people;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
        this.mail = mail;
        this.rows = rows;
        this.baseUrl = baseUrl;
        this.contact = contact;
    }

    /** The organisation a public form belongs to, for the form's page; 404 for a code that is not current. */
    public RequestForms.PublicForm form(String formCode) {
        return forms.open(formCode).orElseThrow(() -> new CustosException(HttpStatus.NOT_FOUND, "unknown-form",
                "This request form does not exist or was replaced. Ask the organisation for its current link, or "
                        + "write to " + contact + "."));
    }

    /**
     * Receives a request made on a workspace's public form and mails the requester a single-use code: the request
     * counts only once they confirm they hold the address (DR-11). Returns where it will go.
     */
    public String receive(String formCode, RequestKind kind, Jurisdiction law, String email, String details,
                          String clientAddress) {
        String address = email.strip();
        if (!address.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+") || address.length() > 320 || details.length() > 5000) {
            throw CustosException.invalid("invalid-request", "Give a valid email address and at most 5,000 "
                    + "characters of details.");
        }
        WorkspaceId workspace = form(formCode).workspace();
        if (!mail.available()) {
            throw new CustosException(HttpStatus.SERVICE_UNAVAILABLE, "mail-unavailable", "This installation "
                    + "cannot confirm requests by email; write to " + contact + " instead.");
        }
        throttle.admit(clientAddress, address);
        String routedTo = processing.processorMode(workspace) ? "workspace" : "installation";
        UUID id = UUID.randomUUID();
        String code = Secrets.random(32);
        Instant now = clock.instant();
        tenancy.inWorkspace(workspace, null, () -> {
            String requester = json.writeValueAsString(new Requester(address, details.strip()));
            jdbc.sql("""
                    INSERT INTO end_user_requests (workspace_id, request_id, kind, jurisdiction, requester,
                                                   received_at, routed_to, status, verification_hash, verify_by)
                    VALUES (:w, :id, :kind, :law, :requester, :now, :routed, 'unverified', :hash, :until)""")
                    .param("w", workspace.id()).param("id", id).param("kind", kind.key()).param("law", law.name())
                    .param("requester", seal.seal(workspace, requester, "end-user-request|" + id))
                    .param("now", SqlTime.of(now)).param("routed", routedTo).param("hash", Secrets.sha256(code))
                    .param("until", SqlTime.of(now.plus(CONFIRMATION_VALIDITY))).update();
            audit.record(new AuditEvent(workspace, AuditEvent.ActorKind.ANONYMOUS, null, "end_user_request.received",
                    "end_user_request:" + id, AuditEvent.Outcome.SUCCESS, Map.of("kind", kind.key(),
                    "routed_to", routedTo)));
            mail.send(address, "Confirm your privacy request", """
                    Someone asked, with this email address, for this privacy request:

                      %s

                    If it was you, open this link and press "Confirm my request" within 24 hours:

                      %s/privacy/requests/confirm?code=%s

                    If it was not you, do nothing: without your confirmation nothing happens, and the request is
                    deleted tomorrow.
                    """.formatted(kind.asked(), baseUrl, code));
        });
        return routedTo;
    }

    /**
     * Confirms a request with its mailed code, once and within its validity. Its deadline starts from when it was
     * made; whoever answers is told, and so is the requester. A wrong, used or expired code changes nothing.
     */
    public Confirmed confirm(String code) {
        String hash = Secrets.sha256(code.strip());
        Instant now = clock.instant();
        record Pending(WorkspaceId workspace, UUID id, RequestKind kind, Jurisdiction law, Instant received,
                       String routedTo, byte[] requester) {
        }
        var invalid = CustosException.invalid("invalid-confirmation",
                "This confirmation code is unknown, already used or expired; make the request again.");
        Pending pending = tenancy.withCredential(hash, () -> jdbc.sql("""
                        SELECT * FROM end_user_requests
                        WHERE verification_hash = :hash AND status = 'unverified' AND verify_by > :now""")
                .param("hash", hash).param("now", SqlTime.of(now))
                .query((rs, n) -> new Pending(new WorkspaceId(rs.getObject("workspace_id", UUID.class)),
                        rs.getObject("request_id", UUID.class), RequestKind.of(rs.getString("kind")),
                        Jurisdiction.valueOf(rs.getString("jurisdiction")), SqlTime.instant(rs, "received_at"),
                        rs.getString("routed_to"), rs.getBytes("requester")))
                .optional()).orElseThrow(() -> invalid);
        Instant due = deadlines.due(pending.law(), pending.received());
        int confirmed = tenancy.withCredential(hash, () -> jdbc.sql("""
                        UPDATE end_user_requests SET status = 'awaiting_instruction', verified_at = :now, due_at = :due
                        WHERE verification_hash = :hash AND status = 'unverified' AND verify_by > :now""")
                .param("now", SqlTime.of(now)).param("due", SqlTime.of(due)).param("hash", hash).update());
        if (confirmed == 0) {
            throw invalid; // confirmed by a concurrent click between the read and the update
        }
        String organisation = workspaces.name(pending.workspace());
        boolean byOwners = pending.routedTo().equals("workspace");
        List<PersonId> toTell = byOwners ? workspaces.owners(pending.workspace()) : people.installationAdmins();
        String page = byOwners ? "/workspaces/" + pending.workspace() + "/privacy-requests"
                : "/admin/privacy/end-user-requests";
        tenancy.inWorkspace(pending.workspace(), null, () -> {
            audit.record(new AuditEvent(pending.workspace(), AuditEvent.ActorKind.ANONYMOUS, null,
                    "end_user_request.confirmed", "end_user_request:" + pending.id(), AuditEvent.Outcome.SUCCESS,
                    Map.of()));
            String message = EndUserRequestRows.capitalised(pending.kind().inWords()) + " from an end user of " + organisation
                    + ", who confirmed their email address, awaits your instruction. Answer it by "
                    + HumanTime.date(due) + ".";
            toTell.forEach(person -> notices.notify(person, "end_user_request", message, page));
            Requester requester = rows.requester(pending.workspace(), pending.id(), pending.requester());
            mail.send(requester.email(), "Your privacy request is confirmed", """
                    Thank you: your request to %s is confirmed (%s).

                    %s must answer you by %s. We will email you the answer here.
                    """.formatted(organisation, pending.kind().asked().toLowerCase(Locale.ROOT),
                    EndUserRequestRows.capitalised(rows.answeredBy(byOwners, organisation)), HumanTime.date(due)));
        });
        return new Confirmed(organisation, rows.answeredBy(byOwners, organisation), due);
    }


}
