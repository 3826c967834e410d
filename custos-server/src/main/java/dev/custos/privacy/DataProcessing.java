package dev.custos.privacy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.identity.People;
import dev.custos.keys.ContentSeal;
import dev.custos.platform.Mail;
import dev.custos.platform.PersonId;
import dev.custos.platform.Secrets;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import dev.custos.workspace.Workspaces;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Data processing agreements and processor mode (GV-04, DR-12). The owner of a workspace accepts the DPA on
 * record and says whether the organisation controls its end users' data (processor mode). A request from one
 * of those end users is then routed to the workspace's owners, and Custos acts on it only on their instruction;
 * without processor mode it goes to the installation's administrators.
 */
@Service
public class DataProcessing {

    /** The current DPA a workspace accepts. */
    public static final String DPA_VERSION = "2026-11";

    /** A workspace's agreement on record, or none. */
    public record Agreement(boolean processorMode, String dpaVersion, UUID acceptedBy, Instant acceptedAt) {
    }

    /** An end user's request as the workspace's owners see it. */
    public record EndUserRequest(UUID id, String kind, Map<String, Object> requester, Instant receivedAt,
                                 String routedTo, String status, @Nullable String instruction) {
    }

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final Workspaces workspaces;
    private final ContentSeal seal;
    private final Notices notices;
    private final People people;
    private final AuditLog audit;
    private final JsonMapper json;
    private final Clock clock;
    private final Mail mail;
    private final String baseUrl;
    private final String contact;

    DataProcessing(JdbcClient jdbc, Tenancy tenancy, Workspaces workspaces, ContentSeal seal, Notices notices,
                   People people, AuditLog audit, JsonMapper json, Clock clock, Mail mail,
                   @Value("${custos.identity.base-url}") String baseUrl,
                   @Value("${custos.privacy.contact}") String contact) {
        this.mail = mail;
        this.baseUrl = baseUrl;
        this.contact = contact;
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.workspaces = workspaces;
        this.seal = seal;
        this.notices = notices;
        this.people = people;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    /** The owner accepts the DPA and sets the workspace's role (GV-04). */
    public Agreement agree(WorkspaceAccess access, boolean processorMode, String dpaVersion) {
        access.require(Permission.OWN);
        if (!DPA_VERSION.equals(dpaVersion)) {
            throw CustosException.invalid("unknown-dpa-version", "Accept the current agreement, version "
                    + DPA_VERSION + ".");
        }
        tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            jdbc.sql("""
                    INSERT INTO workspace_data_agreements (workspace_id, processor_mode, dpa_version, accepted_by,
                                                           accepted_at)
                    VALUES (:w, :mode, :version, :by, :now)
                    ON CONFLICT (workspace_id) DO UPDATE SET processor_mode = :mode, dpa_version = :version,
                        accepted_by = :by, accepted_at = :now""")
                    .param("w", access.workspace().id()).param("mode", processorMode).param("version", dpaVersion)
                    .param("by", access.actor().person().id()).param("now", SqlTime.of(clock.instant())).update();
            audit.record(access.event("data_processing.agreed").with("processor_mode", "" + processorMode)
                    .with("dpa_version", dpaVersion));
        });
        return agreement(access).orElseThrow();
    }

    public java.util.Optional<Agreement> agreement(WorkspaceAccess access) {
        access.require(Permission.READ);
        return agreement(access.workspace());
    }

    private java.util.Optional<Agreement> agreement(WorkspaceId workspace) {
        return tenancy.inWorkspace(workspace, null, () -> jdbc.sql(
                        "SELECT * FROM workspace_data_agreements WHERE workspace_id = :w")
                .param("w", workspace.id())
                .query((rs, n) -> new Agreement(rs.getBoolean("processor_mode"), rs.getString("dpa_version"),
                        rs.getObject("accepted_by", UUID.class), SqlTime.instant(rs, "accepted_at")))
                .optional());
    }

    /** How long a mailed confirmation code works; unconfirmed requests are deleted after it. */
    static final Duration CONFIRMATION_VALIDITY = Duration.ofHours(24);

    /**
     * Receives a request from someone without an account about data a workspace holds, and mails them a
     * single-use code: the request counts only once they confirm they hold the address (DR-11). Says only where
     * it will go, never anything about the workspace.
     */
    public String receive(UUID workspaceId, String kind, String email, String details) {
        RequestKind.of(kind);
        if (!email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+") || email.length() > 320 || details.length() > 5000) {
            throw CustosException.invalid("invalid-request", "Give a valid email address and at most 5,000 "
                    + "characters of details.");
        }
        if (!mail.available()) {
            throw new CustosException(HttpStatus.SERVICE_UNAVAILABLE, "mail-unavailable", "This installation "
                    + "cannot confirm requests by email; write to " + contact + " instead.");
        }
        WorkspaceId workspace = new WorkspaceId(workspaceId);
        if (!workspaces.exists(workspace)) {
            throw CustosException.notFound("Organisation");
        }
        boolean processor = agreement(workspace).map(Agreement::processorMode).orElse(false);
        String routedTo = processor ? "workspace" : "installation";
        UUID id = UUID.randomUUID();
        String code = Secrets.random(32);
        Instant now = clock.instant();
        tenancy.inWorkspace(workspace, null, () -> {
            String requester = json.writeValueAsString(Map.of("email", email.strip(), "details", details.strip()));
            jdbc.sql("""
                    INSERT INTO end_user_requests (workspace_id, request_id, kind, requester, received_at, routed_to,
                                                   status, verification_hash, verify_by)
                    VALUES (:w, :id, :kind, :requester, :now, :routed, 'unverified', :hash, :until)""")
                    .param("w", workspaceId).param("id", id).param("kind", kind)
                    .param("requester", seal.seal(workspace, requester, "end-user-request|" + id))
                    .param("now", SqlTime.of(now)).param("routed", routedTo).param("hash", Secrets.sha256(code))
                    .param("until", SqlTime.of(now.plus(CONFIRMATION_VALIDITY))).update();
            audit.record(new AuditEvent(workspace, AuditEvent.ActorKind.ANONYMOUS, null, "end_user_request.received",
                    "end_user_request:" + id, AuditEvent.Outcome.SUCCESS, Map.of("kind", kind, "routed_to", routedTo)));
            mail.send(email.strip(), "Confirm your privacy request", "We received a privacy request ("
                    + kind.replace('_', ' ') + ") made with this email address. If it was you, confirm it within 24 hours:\n\n"
                    + baseUrl + "/privacy/requests/confirm?code=" + code + "\n\nor send the code " + code
                    + " to POST /api/privacy/end-user-requests/confirmation.\n\nIf it was not you, ignore this "
                    + "message: nothing happens without your confirmation.\n");
        });
        return routedTo;
    }

    /**
     * Confirms a request with its mailed code, once and within its validity; then it goes to whoever decides on
     * it. A wrong, used or expired code changes nothing.
     */
    public void confirm(String code) {
        String hash = Secrets.sha256(code.strip());
        Instant now = clock.instant();
        record Confirmed(WorkspaceId workspace, UUID id, String kind, String routedTo) {
        }
        Confirmed confirmed = tenancy.withCredential(hash, () -> jdbc.sql("""
                        UPDATE end_user_requests SET status = 'awaiting_instruction', verified_at = :now
                        WHERE verification_hash = :hash AND status = 'unverified' AND verify_by > :now
                        RETURNING workspace_id, request_id, kind, routed_to""")
                .param("now", SqlTime.of(now)).param("hash", hash)
                .query((rs, n) -> new Confirmed(new WorkspaceId(rs.getObject(1, UUID.class)),
                        rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4)))
                .optional()).orElseThrow(() -> CustosException.invalid("invalid-confirmation",
                "This confirmation code is unknown, already used or expired; make the request again."));
        List<PersonId> toTell = confirmed.routedTo().equals("workspace") ? workspaces.owners(confirmed.workspace())
                : people.installationAdmins();
        tenancy.inWorkspace(confirmed.workspace(), null, () -> {
            audit.record(new AuditEvent(confirmed.workspace(), AuditEvent.ActorKind.ANONYMOUS, null,
                    "end_user_request.confirmed", "end_user_request:" + confirmed.id(), AuditEvent.Outcome.SUCCESS,
                    Map.of()));
            toTell.forEach(person -> notices.notify(person, "end_user_request", "A "
                    + confirmed.kind().replace('_', ' ') + " request from an end user, who confirmed their email "
                    + "address, awaits your instruction (request " + confirmed.id() + ")."));
        });
    }

    /** The end-user requests routed to this workspace's owners. */
    public List<EndUserRequest> requests(WorkspaceAccess access) {
        access.require(Permission.OWN);
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> jdbc.sql(
                        "SELECT * FROM end_user_requests WHERE workspace_id = :w AND routed_to = 'workspace' "
                                + "AND status <> 'unverified' ORDER BY received_at DESC")
                .param("w", access.workspace().id())
                .query((rs, n) -> {
                    UUID id = rs.getObject("request_id", UUID.class);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> requester = json.readValue(seal.open(access.workspace(),
                            rs.getBytes("requester"), "end-user-request|" + id), Map.class);
                    return new EndUserRequest(id, rs.getString("kind"), requester, SqlTime.instant(rs, "received_at"),
                            rs.getString("routed_to"), rs.getString("status"), rs.getString("instruction"));
                }).list());
    }

    /**
     * The owner's instruction: Custos fulfils or declines the request as told, and records who told it. To fulfil
     * an erasure the owner names the sessions that hold the end user's data: Custos erases exactly those (their
     * events, approvals and files, and the link from usage rows to them), in the same transaction, and nothing
     * it was not told to.
     */
    public void instruct(WorkspaceAccess access, UUID request, boolean fulfil, String note, List<UUID> eraseSessions) {
        access.require(Permission.OWN);
        if (note.isBlank()) {
            throw CustosException.invalid("instruction-required", "Say what Custos is to do, or why not.");
        }
        if (!fulfil && !eraseSessions.isEmpty()) {
            throw CustosException.invalid("nothing-to-erase", "A declined request erases nothing; leave out eraseSessions.");
        }
        tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            int updated = jdbc.sql("""
                            UPDATE end_user_requests SET status = :status, instructed_by = :by, instructed_at = :now,
                                                         instruction = :note
                            WHERE workspace_id = :w AND request_id = :id AND routed_to = 'workspace'
                              AND status = 'awaiting_instruction'""")
                    .param("status", fulfil ? "fulfilled" : "declined").param("by", access.actor().person().id())
                    .param("now", SqlTime.of(clock.instant())).param("note", note.strip())
                    .param("w", access.workspace().id()).param("id", request).update();
            if (updated == 0) {
                throw CustosException.conflict("no-request-awaiting", "No request with that id awaits an instruction.");
            }
            int erased = eraseSessions.isEmpty() ? 0 : eraseSessions(access.workspace(), eraseSessions);
            audit.record(access.event(fulfil ? "end_user_request.fulfilled" : "end_user_request.declined")
                    .on("end_user_request", request).with("sessions_erased", String.valueOf(erased)));
        });
    }

    /** Erases the named sessions of the workspace; refuses (changing nothing) if any is not the workspace's. */
    private int eraseSessions(WorkspaceId workspace, List<UUID> sessions) {
        UUID[] ids = sessions.stream().distinct().toArray(UUID[]::new);
        long found = jdbc.sql("SELECT count(*) FROM agent_sessions WHERE workspace_id = :w AND session_id = ANY(:ids)")
                .param("w", workspace.id()).param("ids", ids).query(Long.class).single();
        if (found != ids.length) {
            throw CustosException.invalid("unknown-session", "Every session to erase must be one of this "
                    + "workspace's; nothing was changed.");
        }
        jdbc.sql("UPDATE usage_records SET session_id = NULL WHERE workspace_id = :w AND session_id = ANY(:ids)")
                .param("w", workspace.id()).param("ids", ids).update();
        jdbc.sql("DELETE FROM session_files WHERE workspace_id = :w AND session_id = ANY(:ids)")
                .param("w", workspace.id()).param("ids", ids).update();
        return jdbc.sql("DELETE FROM agent_sessions WHERE workspace_id = :w AND session_id = ANY(:ids)")
                .param("w", workspace.id()).param("ids", ids).update(); // events, approvals, leases cascade
    }
}
