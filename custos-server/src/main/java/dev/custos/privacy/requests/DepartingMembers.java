package dev.custos.privacy.requests;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.keys.ContentSeal;
import dev.custos.platform.HumanTime;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.privacy.Notices;
import dev.custos.workspace.Workspaces;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** The processor-mode rule for a member's account deletion (DR-12): the customer is asked about their sessions. */
@Component
public class DepartingMembers {

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final Workspaces workspaces;
    private final RequestDeadlines deadlines;
    private final ContentSeal seal;
    private final Notices notices;
    private final AuditLog audit;
    private final JsonMapper json;
    private final Clock clock;

    DepartingMembers(JdbcClient jdbc, Tenancy tenancy, Workspaces workspaces, RequestDeadlines deadlines,
                     ContentSeal seal, Notices notices, AuditLog audit, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.workspaces = workspaces;
        this.deadlines = deadlines;
        this.seal = seal;
        this.notices = notices;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    /**
     * A member of a processor-mode workspace deleted their account: their sessions there are the organisation's
     * data, so Custos keeps them and asks the owners, as an erasure request from that person (already verified by
     * their password), what to do (DR-12). In the caller's transaction.
     */
    public void ask(WorkspaceId workspace, String email, Jurisdiction law) {
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        Instant due = deadlines.due(law, now);
        String organisation = workspaces.name(workspace);
        tenancy.inWorkspace(workspace, null, () -> {
            String requester = json.writeValueAsString(new EndUserRequests.Requester(email, "I deleted my Custos account. Please "
                    + "erase my sessions in " + organisation + " too, unless you must keep them."));
            jdbc.sql("""
                    INSERT INTO end_user_requests (workspace_id, request_id, kind, jurisdiction, requester,
                                                   received_at, routed_to, status, verified_at, due_at)
                    VALUES (:w, :id, 'erasure', :law, :requester, :now, 'workspace', 'awaiting_instruction', :now,
                            :due)""")
                    .param("w", workspace.id()).param("id", id).param("law", law.name())
                    .param("requester", seal.seal(workspace, requester, "end-user-request|" + id))
                    .param("now", SqlTime.of(now)).param("due", SqlTime.of(due)).update();
            audit.record(AuditEvent.system(workspace, "end_user_request.received").on("end_user_request", id)
                    .with("kind", "erasure").with("routed_to", "workspace").with("from", "departing_member"));
            String message = "A member of " + organisation + " deleted their account. Their sessions in it are "
                    + "yours: they stay until you say whether to erase them. Answer by " + HumanTime.date(due) + ".";
            workspaces.owners(workspace).forEach(owner -> notices.notify(owner, "end_user_request", message,
                    "/workspaces/" + workspace + "/privacy-requests"));
        });
    }
}
