package dev.custos.workspace;

import java.util.List;
import java.util.UUID;

import dev.custos.platform.PersonId;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Tag("TN-01")
class RowLevelSecurityTest extends CustosIntegrationTest {

    private static final List<String> WORKSPACE_TABLES =
            List.of("workspaces", "memberships", "workspace_invites", "api_keys", "audit_log");

    @Autowired
    Tenancy tenancy;

    @Test
    @DisplayName("a query that forgets its filter sees no workspace rows without a context, and only its own with one")
    void forgottenFilterSeesOnlyTheWorkspaceInContext() {
        SignedIn alice = signUp("Alice");
        SignedIn bob = signUp("Bob");
        UUID a = createWorkspace(alice, "A");
        UUID b = createWorkspace(bob, "B");
        createApiKey(alice, a, "read");
        createApiKey(bob, b, "read");
        alice.client().post("/api/workspaces/" + a + "/invites", java.util.Map.of("role", "member"));
        bob.client().post("/api/workspaces/" + b + "/invites", java.util.Map.of("role", "member"));

        for (String table : WORKSPACE_TABLES) {
            // No tenant context at all: nothing, although the SQL has no WHERE clause.
            assertThat(asApp().sql("SELECT count(*) FROM " + table).query(Long.class).single())
                    .as("rows of %s visible without a context", table).isZero();
            // Workspace B's context, and SQL that asks for workspace A by name: still nothing of A.
            Long leaked = tenancy.inWorkspace(new WorkspaceId(b), new PersonId(bob.personId()), () ->
                    asApp().sql("SELECT count(*) FROM " + table + " WHERE workspace_id = :a").param("a", a)
                            .query(Long.class).single());
            assertThat(leaked).as("rows of workspace A in %s seen from B", table).isZero();
            Long own = tenancy.inWorkspace(new WorkspaceId(b), new PersonId(bob.personId()), () ->
                    asApp().sql("SELECT count(*) FROM " + table).query(Long.class).single());
            assertThat(own).as("B's own rows in %s", table).isPositive();
        }
    }

    @Test
    @DisplayName("writes into another workspace are refused by the database, not only by the application")
    void writesOutsideTheContextAreRefused() {
        SignedIn alice = signUp("Alice");
        SignedIn mallory = signUp("Mallory");
        UUID a = createWorkspace(alice, "A");
        UUID m = createWorkspace(mallory, "M");

        assertThatThrownBy(() -> tenancy.inWorkspace(new WorkspaceId(m), new PersonId(mallory.personId()), () ->
                asApp().sql("INSERT INTO memberships (workspace_id, person_id, role, joined_at) "
                                + "VALUES (:a, :p, 'owner', now())")
                        .param("a", a).param("p", mallory.personId()).update()))
                .rootCause().hasMessageContaining("row-level security");
        int renamed = tenancy.inWorkspace(new WorkspaceId(m), new PersonId(mallory.personId()), () ->
                asApp().sql("UPDATE workspaces SET name = 'pwned'").update());
        assertThat(renamed).isEqualTo(1); // only M itself
        assertThat(alice.client().get("/api/workspaces/" + a).text("name")).isEqualTo("A");
    }

    @Test
    @DisplayName("the application role cannot switch row-level security off")
    void applicationRoleCannotBypass() {
        assertThat(asApp().sql("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")
                .query(Boolean.class).single()).isFalse();
        assertThat(asApp().sql("SELECT count(*) FROM pg_tables WHERE tableowner = current_user")
                .query(Long.class).single()).isZero();
    }

    @Test
    @DisplayName("every table with a workspace_id column has row-level security enabled and forced, and no partition "
            + "can be read around it")
    void everyWorkspaceTableIsProtected() {
        List<String> unprotected = asOwner().sql("""
                        SELECT c.relname FROM pg_class c
                        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'workspace_id'
                        WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
                          AND c.relnamespace = 'public'::regnamespace
                          AND NOT (c.relrowsecurity AND c.relforcerowsecurity)
                        """).query(String.class).list();
        assertThat(unprotected).isEmpty();
        // A partition is read through its table, whose policies apply; read directly, none would.
        assertThat(asApp().sql("""
                        SELECT c.relname FROM pg_class c
                        WHERE c.relispartition AND c.relnamespace = 'public'::regnamespace
                          AND (has_table_privilege(c.oid, 'SELECT') OR has_table_privilege(c.oid, 'INSERT')
                               OR has_table_privilege(c.oid, 'UPDATE') OR has_table_privilege(c.oid, 'DELETE'))
                        """).query(String.class).list()).as("partitions the application role may touch directly")
                .isEmpty();
        assertThat(asOwner().sql("SELECT count(*) FROM pg_class WHERE relispartition").query(Long.class).single())
                .as("partitions exist, so the check above checks something").isPositive();
    }
}
