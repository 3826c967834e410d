package dev.custos.privacy.requests;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.custos.identity.People;
import dev.custos.platform.HumanTime;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.privacy.Notices;
import dev.custos.workspace.Workspaces;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Reminds whoever answers end users' requests of those close to their deadline (DR-08). */
@Component
public class EndUserRequestReminders {

    static final Duration REMIND_BEFORE = Duration.ofDays(7);

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final Workspaces workspaces;
    private final People people;
    private final Notices notices;
    private final Clock clock;

    EndUserRequestReminders(JdbcClient jdbc, Tenancy tenancy, Workspaces workspaces, People people, Notices notices,
                            Clock clock) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.workspaces = workspaces;
        this.people = people;
        this.notices = notices;
        this.clock = clock;
    }

    /**
     * Reminds whoever answers, once per request, of requests due within a week. Runs hourly; the reminder mark
     * makes it run once per request whichever node runs it first.
     */
    @Scheduled(fixedDelayString = "${custos.privacy.reminder-interval:1h}", initialDelayString = "1m")
    public int remindDueSoon() {
        Instant now = clock.instant();
        int reminded = 0;
        for (WorkspaceId workspace : jdbc.sql("SELECT * FROM end_user_request_workspaces_due(:soon)")
                .param("soon", SqlTime.of(now.plus(REMIND_BEFORE)))
                .query((rs, n) -> new WorkspaceId(rs.getObject(1, UUID.class))).list()) {
            reminded += tenancy.inWorkspace(workspace, null, () -> {
                record Due(RequestKind kind, Instant dueAt, String routedTo) {
                }
                List<Due> due = jdbc.sql("""
                                UPDATE end_user_requests SET reminder_sent_at = :now
                                WHERE workspace_id = :w AND status = 'awaiting_instruction' AND reminder_sent_at IS NULL
                                  AND due_at < :soon
                                RETURNING kind, due_at, routed_to""")
                        .param("now", SqlTime.of(now)).param("w", workspace.id())
                        .param("soon", SqlTime.of(now.plus(REMIND_BEFORE)))
                        .query((rs, n) -> new Due(RequestKind.of(rs.getString(1)), SqlTime.instant(rs, "due_at"),
                                rs.getString(3))).list();
                String organisation = workspaces.name(workspace);
                for (Due request : due) {
                    boolean byOwners = request.routedTo().equals("workspace");
                    String message = (request.dueAt().isBefore(now) ? "Overdue: " : "Due soon: ")
                            + request.kind().inWords() + " from an end user of " + organisation + " is due "
                            + HumanTime.date(request.dueAt()) + ".";
                    (byOwners ? workspaces.owners(workspace) : people.installationAdmins()).forEach(person ->
                            notices.notify(person, "end_user_request_deadline", message, byOwners
                                    ? "/workspaces/" + workspace + "/privacy-requests"
                                    : "/admin/privacy/end-user-requests"));
                }
                return due.size();
            });
        }
        return reminded;
    }
}
