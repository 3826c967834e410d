package dev.custos.privacy.requests;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.identity.Accounts;
import dev.custos.identity.Actor;
import dev.custos.platform.HumanTime;
import dev.custos.platform.Mail;
import dev.custos.platform.PersonId;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.privacy.SessionErasure;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import dev.custos.workspace.Workspaces;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Answering end users' requests (DR-12, DR-08): the workspace's owners answer those routed to it, the
 * installation's administrators the rest. Custos carries out exactly what it is told, records who told it, and
 * mails the requester the answer, or the one extension and why.
 */
@Service
public class EndUserAnswers {

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final Workspaces workspaces;
    private final EndUserRequestRows rows;
    private final Accounts accounts;
    private final AuditLog audit;
    private final Clock clock;
    private final Mail mail;
    private final SessionErasure sessions;

    EndUserAnswers(JdbcClient jdbc, Tenancy tenancy, Workspaces workspaces, EndUserRequestRows rows,
                   Accounts accounts, AuditLog audit, Clock clock, Mail mail, SessionErasure sessions) {
        this.sessions = sessions;
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.workspaces = workspaces;
        this.rows = rows;
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
        this.mail = mail;
    }

    /** The requests this workspace's owners answer (processor mode), newest first. Reading them is audited. */
    public List<EndUserRequests.EndUserRequest> forWorkspace(WorkspaceAccess access) {
        access.require(Permission.OWN);
        List<EndUserRequests.EndUserRequest> requests = tenancy.inWorkspace(access.workspace(), access.actor().person(),
                () -> rows.read(access.workspace(), "workspace"));
        tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> audit.record(
                access.event("end_user_requests.read").with("requests", String.valueOf(requests.size()))));
        return requests;
    }

    /** The requests the installation's administrators answer (workspaces not in processor mode). Audited. */
    public List<EndUserRequests.EndUserRequest> forInstallation(Actor admin) {
        requireAdmin(admin);
        List<EndUserRequests.EndUserRequest> requests = new ArrayList<>();
        jdbc.sql("SELECT * FROM end_user_request_workspaces_for_installation()")
                .query((rs, n) -> new WorkspaceId(rs.getObject(1, UUID.class))).list()
                .forEach(workspace -> requests.addAll(tenancy.inWorkspace(workspace, admin.person(),
                        () -> rows.read(workspace, "installation"))));
        requests.sort(Comparator.comparing(EndUserRequests.EndUserRequest::open).reversed()
                .thenComparing(EndUserRequests.EndUserRequest::dueAt));
        audit.record(AuditEvent.installation(admin.person(), "end_user_requests.read")
                .with("requests", String.valueOf(requests.size())));
        return requests;
    }

    /** What the one answering decides: fulfil or decline, in words the requester reads, and what to erase. */
    public record Decision(boolean fulfil, String note, List<UUID> eraseSessions) {
    }

    /** The owner's instruction on a request routed to the workspace. */
    public void instruct(WorkspaceAccess access, UUID request, Decision decision) {
        access.require(Permission.OWN);
        decide(access.workspace(), access.actor().person(), "workspace", request, decision,
                access.event(decision.fulfil() ? "end_user_request.fulfilled" : "end_user_request.declined"));
    }

    /** An administrator's instruction on a request routed to the installation. */
    public void instruct(Actor admin, WorkspaceId workspace, UUID request, Decision decision) {
        requireAdmin(admin);
        decide(workspace, admin.person(), "installation", request, decision, AuditEvent.of(workspace, admin.person(),
                decision.fulfil() ? "end_user_request.fulfilled" : "end_user_request.declined"));
    }

    /**
     * Custos fulfils or declines the request as told, records who told it, and mails the requester the outcome.
     * To fulfil an erasure, the one answering names the sessions that hold the end user's data: Custos erases
     * exactly those (their events, approvals and files, and the link from usage rows to them), in the same
     * transaction, and nothing it was not told to.
     */
    private void decide(WorkspaceId workspace, PersonId by, String routedTo, UUID request, Decision decision,
                        AuditEvent event) {
        if (decision.note().isBlank()) {
            throw CustosException.invalid("instruction-required", "Say what Custos is to do, or why not: the "
                    + "requester reads it.");
        }
        if (!decision.fulfil() && !decision.eraseSessions().isEmpty()) {
            throw CustosException.invalid("nothing-to-erase", "A declined request erases nothing; leave out "
                    + "eraseSessions.");
        }
        Instant now = clock.instant();
        String organisation = workspaces.name(workspace);
        tenancy.inWorkspace(workspace, by, () -> {
            byte[] sealed = jdbc.sql("""
                            UPDATE end_user_requests SET status = :status, instructed_by = :by, instructed_at = :now,
                                                         instruction = :note, requester_told_at = :now
                            WHERE workspace_id = :w AND request_id = :id AND routed_to = :routed
                              AND status = 'awaiting_instruction'
                            RETURNING requester""")
                    .param("status", (decision.fulfil() ? EndUserRequestStatus.FULFILLED
                            : EndUserRequestStatus.DECLINED).key()).param("by", by.id())
                    .param("now", SqlTime.of(now)).param("note", decision.note().strip())
                    .param("w", workspace.id()).param("id", request).param("routed", routedTo)
                    .query((rs, n) -> rs.getBytes(1)).optional()
                    .orElseThrow(() -> CustosException.conflict("no-request-awaiting",
                            "No request with that id awaits an instruction."));
            int erased = decision.eraseSessions().isEmpty() ? 0
                    : sessions.erase(workspace, decision.eraseSessions());
            audit.record(event.on("end_user_request", request).with("sessions_erased", String.valueOf(erased)));
            RequestKind kind = RequestKind.of(jdbc.sql("SELECT kind FROM end_user_requests WHERE workspace_id = :w "
                    + "AND request_id = :id").param("w", workspace.id()).param("id", request).query(String.class).single());
            EndUserRequests.Requester requester = rows.requester(workspace, request, sealed);
            boolean byOwners = routedTo.equals("workspace");
            mail.send(requester.email(), "Your privacy request was answered", """
                    %s answered your request to %s (%s).

                    %s

                    In their words: %s

                    If you disagree with this answer, you may complain to your data protection authority.
                    """.formatted(EndUserRequestRows.capitalised(rows.answeredBy(byOwners, organisation)), organisation,
                    kind.asked().toLowerCase(Locale.ROOT),
                    decision.fulfil() ? "They carried it out." : "They declined it.", decision.note().strip()));
        });
    }

    /** Extends a request's deadline once, with a reason the requester is told (at most 90 days from receipt). */
    public void extend(WorkspaceAccess access, UUID request, Instant newDue, String reason) {
        access.require(Permission.OWN);
        extend(access.workspace(), access.actor().person(), "workspace", request, newDue, reason,
                access.event("end_user_request.extended"));
    }

    public void extend(Actor admin, WorkspaceId workspace, UUID request, Instant newDue, String reason) {
        requireAdmin(admin);
        extend(workspace, admin.person(), "installation", request, newDue, reason,
                AuditEvent.of(workspace, admin.person(), "end_user_request.extended"));
    }

    private void extend(WorkspaceId workspace, PersonId by, String routedTo, UUID id, Instant newDue, String reason,
                        AuditEvent event) {
        String organisation = workspaces.name(workspace);
        tenancy.inWorkspace(workspace, by, () -> {
            EndUserRequests.EndUserRequest request = rows.read(workspace, routedTo).stream().filter(r -> r.id().equals(id)).findFirst()
                    .orElseThrow(() -> CustosException.notFound("Request"));
            if (!request.open()) {
                throw CustosException.conflict("request-closed", "The request was answered already.");
            }
            request.jurisdiction().checkExtension(request.receivedAt(), request.dueAt(),
                    request.extendedAt() != null, newDue, reason);
            jdbc.sql("""
                    UPDATE end_user_requests SET due_at = :due, extended_at = :now, extension_reason = :reason,
                                                 reminder_sent_at = NULL
                    WHERE workspace_id = :w AND request_id = :id AND extended_at IS NULL""")
                    .param("due", SqlTime.of(newDue)).param("now", SqlTime.of(clock.instant()))
                    .param("reason", reason.strip()).param("w", workspace.id()).param("id", id).update();
            audit.record(event.on("end_user_request", id).with("due_at", newDue.toString()));
            mail.send(request.requester().email(), "Your privacy request needs more time", """
                    %s needs more time to answer your request to %s (%s), and will answer by %s.

                    Why: %s
                    """.formatted(EndUserRequestRows.capitalised(rows.answeredBy(routedTo.equals("workspace"), organisation)), organisation,
                    request.kind().asked().toLowerCase(Locale.ROOT), HumanTime.date(newDue),
                    reason.strip()));
        });
    }

    private void requireAdmin(Actor actor) {
        accounts.requireInstallationAdmin(actor, "Only installation administrators answer the end-user requests "
                + "routed to the installation.");
    }
}
