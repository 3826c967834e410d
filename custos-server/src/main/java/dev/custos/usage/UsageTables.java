package dev.custos.usage;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.personaldata.Expiry;
import dev.custos.platform.personaldata.OwnedTables;
import dev.custos.platform.personaldata.RetentionRule;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The usage log: the privacy engine erases, exports and expires it through here (whole days also go as a
 * partition drop, {@link UsageLogs}); an erased session's records stay, no longer naming it.
 */
@Component
public class UsageTables extends OwnedTables {

    UsageTables(JdbcClient jdbc, Tenancy tenancy) {
        super(jdbc, tenancy, Set.of("usage_records", "usage_month_totals", "workspace_plans"),
                List.of(new Expiry(RetentionRule.USAGE, "usage_records", "occurred_at", "", "person_id", null)));
    }

    /** The workspace's records of these sessions stop naming them: the sessions are being erased. */
    public void forgetSessions(WorkspaceId workspace, List<UUID> sessions) {
        jdbc.sql("UPDATE usage_records SET session_id = NULL WHERE workspace_id = :w AND session_id = ANY(:ids)")
                .param("w", workspace.id()).param("ids", sessions.toArray(UUID[]::new)).update();
    }
}
