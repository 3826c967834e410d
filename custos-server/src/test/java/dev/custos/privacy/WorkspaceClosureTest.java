package dev.custos.privacy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.custos.billing.Ledger;
import dev.custos.platform.PersonId;
import dev.custos.platform.WorkspaceId;
import dev.custos.privacy.export.ExportZip;
import dev.custos.privacy.governance.WorkspaceClosures;
import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The end of a customer's contract: its data returned or deleted within 60 days, as its owner instructs. */
class WorkspaceClosureTest extends CustosIntegrationTest {

    @Autowired
    private WorkspaceClosures closures;

    @Autowired
    private Ledger ledger;

    private long rows(String table, UUID workspace) {
        return asOwner().sql("SELECT count(*) FROM " + table + " WHERE workspace_id = :w").param("w", workspace)
                .query(Long.class).single();
    }

    @Test
    @Tag("RT-07")
    @DisplayName("at the end of a contract the owner gets the whole workspace back, readable, and it is deleted "
            + "when the return window closes, within 60 days; records the law keeps stay")
    void returnedThenDeleted() throws Exception {
        SignedIn owner = signUp("Closing Owner");
        UUID workspace = createWorkspace(owner, "Closing");
        SignedIn member = addMember(owner, workspace, "admin", "Closing Admin");
        String agent = createOfflineAgent(owner, workspace);
        runSession(owner, workspace, agent, "the owner's words, NARWHAL");
        runSession(member, workspace, agent, "the admin's words, AXOLOTL");
        ledger.record(new WorkspaceId(workspace), new Ledger.Entry(Ledger.Kind.CHARGE, 1200, "EUR", "stripe",
                "in_closing", new PersonId(owner.personId()), "Team plan", Instant.now()));
        String closure = "/api/workspaces/" + workspace + "/closure";

        assertThat(member.client().put(closure, Map.of("instruction", "delete", "password", PASSWORD)).status())
                .as("only the owner ends the contract").isEqualTo(403);
        assertThat(member.client().get("/api/workspaces/" + workspace + "/export").status()).isEqualTo(403);
        SignedIn stranger = signUp("Closing Stranger");
        assertThat(stranger.client().put(closure, Map.of("instruction", "delete", "password", PASSWORD)).status())
                .isEqualTo(404);
        assertThat(stranger.client().get("/api/workspaces/" + workspace + "/export").status()).isEqualTo(404);
        assertThat(owner.client().put(closure, Map.of("instruction", "delete", "password", "wrong")).status())
                .isEqualTo(403);
        assertThat(owner.client().put(closure, Map.of("instruction", "shred", "password", PASSWORD))
                .problemType()).isEqualTo("/problems/unknown-instruction");
        assertThat(rows("workspace_closures", workspace)).as("refusals change nothing").isZero();

        var instructed = owner.client().put(closure, Map.of("instruction", "return", "password", PASSWORD));
        assertThat(instructed.status()).as(instructed.body()).isEqualTo(202);
        Instant requested = Instant.parse(instructed.text("requestedAt"));
        Instant deleteAfter = Instant.parse(instructed.text("deleteAfter"));
        assertThat(Duration.between(requested, deleteAfter)).isPositive().isLessThanOrEqualTo(Duration.ofDays(60));
        assertThat(member.client().get(closure).text("instruction")).isEqualTo("return");

        Map<String, byte[]> zip = downloadZip(owner, "/api/workspaces/" + workspace + "/export");
        String returned = new String(zip.get("custos-workspace.json"), StandardCharsets.UTF_8);
        assertThat(returned).contains("NARWHAL", "AXOLOTL", "\"instructions\":\"Help.\"");
        assertThat(returned).as("the customer's data, every member named").contains(member.personId().toString(),
                owner.personId().toString()).doesNotContain(ExportZip.ANOTHER_PERSON);
        assertThat(returned).doesNotContain("secret_hash", "password_hash", "\"sealed\":true");
        assertThat(zip).containsKeys("csv/agents.csv", "csv/session_events.csv", "csv/usage_records.csv");
        assertThat(owner.client().get(closure).json().path("exportedAt").isMissingNode()).isFalse();

        assertThat(closures.runDue()).as("not due yet").isZero();
        assertThat(rows("agent_sessions", workspace)).isEqualTo(2);

        // The window closes.
        asOwner().sql("UPDATE workspace_closures SET delete_after = now() - interval '1 second' WHERE workspace_id = :w")
                .param("w", workspace).update();
        assertThat(closures.runDue()).isEqualTo(1);

        assertThat(asOwner().sql("SELECT count(*) FROM workspaces WHERE workspace_id = :w").param("w", workspace)
                .query(Long.class).single()).isZero();
        for (String table : new String[] {"agents", "agent_sessions", "session_events", "memberships", "usage_records"}) {
            assertThat(rows(table, workspace)).as(table).isZero();
        }
        assertThat(rows("billing_transactions", workspace)).as("the tax record stays").isEqualTo(1);
        assertThat(asOwner().sql("SELECT deleted_at IS NOT NULL FROM workspace_closures WHERE workspace_id = :w")
                .param("w", workspace).query(Boolean.class).single()).as("the record that it was done").isTrue();
        assertThat(owner.client().get("/api/workspaces/" + workspace).status()).isEqualTo(404);
        assertThat(member.client().get("/api/workspaces/" + workspace).status()).isEqualTo(404);
    }

    @Test
    @Tag("RT-07")
    @DisplayName("an owner who instructs deletion has the workspace deleted at once; a withdrawn instruction "
            + "deletes nothing")
    void deletedAtOnceOrWithdrawn() {
        SignedIn owner = signUp("Deleting Owner");
        UUID kept = createWorkspace(owner, "Changed my mind");
        String keptClosure = "/api/workspaces/" + kept + "/closure";
        assertThat(owner.client().put(keptClosure, Map.of("instruction", "return", "password", PASSWORD)).status())
                .isEqualTo(202);
        assertThat(owner.client().delete(keptClosure).status()).isEqualTo(204);
        assertThat(owner.client().get(keptClosure).status()).isEqualTo(404);

        UUID gone = createWorkspace(owner, "Delete it");
        runSession(owner, gone, createOfflineAgent(owner, gone), "soon gone");
        var instructed = owner.client().put("/api/workspaces/" + gone + "/closure",
                Map.of("instruction", "delete", "password", PASSWORD));
        assertThat(instructed.status()).as(instructed.body()).isEqualTo(202);
        await().until(() -> asOwner().sql("SELECT count(*) FROM workspaces WHERE workspace_id = :w").param("w", gone)
                .query(Long.class).single() == 0);
        assertThat(rows("session_events", gone)).isZero();
        assertThat(owner.client().get("/api/workspaces/" + kept).status()).isEqualTo(200);
    }
}
