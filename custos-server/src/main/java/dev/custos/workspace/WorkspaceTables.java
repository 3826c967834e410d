package dev.custos.workspace;

import java.util.List;
import java.util.Set;

import dev.custos.platform.ChangeNotices;
import dev.custos.platform.PersonId;
import dev.custos.platform.Tenancy;
import dev.custos.platform.personaldata.OwnedTables;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The workspace module's tables: workspaces, their members, invitations, API keys and access reviews; the
 * privacy engine erases, exports and deletes them through here.
 */
@Component
public class WorkspaceTables extends OwnedTables {

    private final ChangeNotices notices;

    WorkspaceTables(JdbcClient jdbc, Tenancy tenancy, ChangeNotices notices) {
        super(jdbc, tenancy, Set.of("workspaces", "memberships", "workspace_invites", "api_keys", "access_reviews",
                "device_logins"), List.of());
        this.notices = notices;
    }

    /** Deletes every API key of the person in every workspace, at once: their account is being erased. */
    public void deleteApiKeysOf(PersonId person) {
        notices.changedHere("access", ChangeNotices.ALL);
        tenancy.asSubject(person, () -> jdbc.sql("DELETE FROM api_keys WHERE person_id = :p")
                .param("p", person.id()).update());
    }
}
