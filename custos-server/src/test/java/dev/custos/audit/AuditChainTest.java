package dev.custos.audit;

import java.util.Map;
import java.util.UUID;

import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Tag("SC-04")
class AuditChainTest extends CustosIntegrationTest {

    @org.springframework.beans.factory.annotation.Autowired
    private ChainCheckpoints checkpoints;


    @Test
    @DisplayName("security events are recorded without personal values and the chain verifies")
    void eventsAreRecordedAndVerify() {
        SignedIn owner = signUp("Olga");
        UUID workspace = createWorkspace(owner, "Audited");
        SignedIn member = addMember(owner, workspace, "viewer", "Vic");
        owner.client().put("/api/workspaces/" + workspace + "/members/" + member.personId(), Map.of("role", "member"));
        String key = createApiKey(owner, workspace, "read");
        anonymous().post("/api/auth/sign-in", Map.of("email", owner.email(), "password", "wrong-password-123"));

        var entries = owner.client().get("/api/audit?workspaceId=" + workspace);
        assertThat(entries.status()).isEqualTo(200);
        assertThat(entries.body()).contains("workspace.created", "invite.created", "invite.accepted",
                "membership.role_changed", "api_key.created");
        assertThat(entries.body()).doesNotContain(owner.email(), member.email(), key);

        var verification = owner.client().get("/api/audit/verification?workspaceId=" + workspace);
        assertThat(verification.json().get("intact").asBoolean()).isTrue();

        String installation = asOwner().sql("SELECT string_agg(action || ' ' || outcome || ' ' || details, ';') "
                + "FROM audit_log WHERE workspace_id = '00000000-0000-0000-0000-000000000000'")
                .query(String.class).single();
        assertThat(installation).contains("auth.sign_in failure", "account.signed_up success")
                .doesNotContain(owner.email());
    }

    @Test
    @DisplayName("the database refuses to update or delete audit entries")
    void appendOnly() {
        SignedIn owner = signUp("Ann");
        UUID workspace = createWorkspace(owner, "Append only");
        assertThatThrownBy(() -> asOwner().sql("UPDATE audit_log SET action = 'x' WHERE workspace_id = :w")
                .param("w", workspace).update()).hasMessageContaining("append-only");
        assertThatThrownBy(() -> asOwner().sql("DELETE FROM audit_log WHERE workspace_id = :w")
                .param("w", workspace).update()).hasMessageContaining("append-only");
    }

    @Test
    @DisplayName("an entry altered directly in the database is caught by verification, at that entry")
    void tamperingIsDetected() {
        SignedIn owner = signUp("Tom");
        UUID workspace = createWorkspace(owner, "Tampered");
        addMember(owner, workspace, "member", "Tia");
        createApiKey(owner, workspace, "read");

        // An administrator with database access goes around the trigger and rewrites entry 2.
        bypassingTriggers("UPDATE audit_log SET details = '{\"role\":\"owner\"}' WHERE workspace_id = :w AND seq = 2",
                workspace);

        var verification = owner.client().get("/api/audit/verification?workspaceId=" + workspace).json();
        assertThat(verification.get("intact").asBoolean()).isFalse();
        assertThat(verification.get("firstBrokenSeq").asLong()).isEqualTo(2);
    }

    @Test
    @DisplayName("an entry deleted from the middle or the end of a chain is caught")
    void deletionIsDetected() {
        SignedIn owner = signUp("Dan");
        UUID workspace = createWorkspace(owner, "Deleted");
        createApiKey(owner, workspace, "read");
        createApiKey(owner, workspace, "read");
        bypassingTriggers("DELETE FROM audit_log WHERE workspace_id = :w AND seq = 3", workspace);
        var verification = owner.client().get("/api/audit/verification?workspaceId=" + workspace).json();
        assertThat(verification.get("intact").asBoolean()).isFalse();
        assertThat(verification.get("firstBrokenSeq").asLong()).isEqualTo(3);
    }

    @Test
    @DisplayName("entries lost at the end of a chain together with its head (a crash, or an administrator covering "
            + "tracks) are caught against the checkpoint kept in the key store")
    void lossAtTheHeadIsDetected() {
        SignedIn owner = signUp("Hedda");
        UUID workspace = createWorkspace(owner, "Head lost");
        createApiKey(owner, workspace, "read");
        createApiKey(owner, workspace, "read");
        long last = asOwner().sql("SELECT seq FROM audit_chain_heads WHERE workspace_id = :w").param("w", workspace)
                .query(Long.class).single();
        assertThat(checkpoints.checkpointMovedHeads()).isPositive();
        assertThat(owner.client().get("/api/audit/verification?workspaceId=" + workspace).json().get("intact")
                .asBoolean()).isTrue();

        // Both the entries and the head move back, as when the last commits never reached the disk.
        bypassingTriggers("DELETE FROM audit_log WHERE workspace_id = :w AND seq >= " + (last - 1)
                + "; UPDATE audit_chain_heads SET seq = h.seq, hash = h.hash FROM (SELECT seq, hash FROM audit_log "
                + "WHERE workspace_id = :w AND seq = " + (last - 2) + ") h WHERE workspace_id = :w", workspace);
        var verification = owner.client().get("/api/audit/verification?workspaceId=" + workspace).json();
        assertThat(verification.get("intact").asBoolean()).isFalse();
        assertThat(verification.get("firstBrokenSeq").asLong()).isEqualTo(last - 1);
        assertThat(verification.get("problem").asString()).contains("missing at the end");
    }

    @Test
    @DisplayName("a checkpoint altered in the key store does not verify")
    void alteredCheckpointIsDetected() {
        SignedIn owner = signUp("Kurt");
        UUID workspace = createWorkspace(owner, "Checkpoint altered");
        createApiKey(owner, workspace, "read");
        checkpoints.checkpointMovedHeads();
        asKeyStoreOwner().sql("UPDATE audit_checkpoints SET seq = seq - 1 WHERE chain_id = :w").param("w", workspace).update();
        var verification = owner.client().get("/api/audit/verification?workspaceId=" + workspace).json();
        assertThat(verification.get("intact").asBoolean()).isFalse();
        assertThat(verification.get("problem").asString()).contains("checkpoint was altered");
    }

    @Test
    @DisplayName("access to personal data is audited: opening or following another member's session, searching "
            + "what was said, reading the queue of privacy requests; reading one's own session is not")
    void readsOfPersonalDataAreAudited() {
        SignedIn owner = signUp("Reading Owner");
        UUID workspace = createWorkspace(owner, "Read");
        SignedIn member = addMember(owner, workspace, "member", "Read Member");
        String agent = createOfflineAgent(owner, workspace);
        String theirs = runSession(member, workspace, agent, "my own words");
        String mine = runSession(owner, workspace, agent, "the owner's words");
        long before = reads(workspace, "session.read");

        assertThat(owner.client().get(mine).status()).isEqualTo(200);
        assertThat(reads(workspace, "session.read")).as("one's own session").isEqualTo(before);
        assertThat(owner.client().get(theirs).status()).isEqualTo(200);
        assertThat(asOwner().sql("SELECT details FROM audit_log WHERE workspace_id = :w AND action = 'session.read' "
                        + "ORDER BY seq DESC LIMIT 1").param("w", workspace).query(String.class).single())
                .contains(member.personId().toString()).doesNotContain("my own words");
        owner.client().stream(theirs + "/events", null, "Last-Event-ID", "0");
        assertThat(reads(workspace, "session.read")).as("a review and a replayed stream").isEqualTo(before + 2);

        assertThat(owner.client().get("/api/workspaces/" + workspace + "/sessions?q=words").status()).isEqualTo(200);
        assertThat(reads(workspace, "sessions.searched")).isEqualTo(1);
        assertThat(asOwner().sql("SELECT string_agg(details, ' ') FROM audit_log WHERE workspace_id = :w")
                .param("w", workspace).query(String.class).single()).as("the words searched for are not kept")
                .doesNotContain("words");

        long queueReads = asOwner().sql("SELECT count(*) FROM audit_log WHERE action = 'privacy_requests.read'")
                .query(Long.class).single();
        assertThat(installationAdmin().client().get("/api/admin/privacy/requests").status()).isEqualTo(200);
        assertThat(asOwner().sql("SELECT count(*) FROM audit_log WHERE action = 'privacy_requests.read'")
                .query(Long.class).single()).isEqualTo(queueReads + 1);
    }

    private long reads(UUID workspace, String action) {
        return asOwner().sql("SELECT count(*) FROM audit_log WHERE workspace_id = :w AND action = :a")
                .param("w", workspace).param("a", action).query(Long.class).single();
    }

    @Test
    @DisplayName("only owners and admins read a workspace's audit log")
    void onlyOwnersAndAdminsRead() {
        SignedIn owner = signUp("Uma");
        UUID workspace = createWorkspace(owner, "Roles");
        SignedIn member = addMember(owner, workspace, "member", "Mo");
        assertThat(member.client().get("/api/audit?workspaceId=" + workspace).status()).isEqualTo(403);
        assertThat(member.client().get("/api/audit").status()).isEqualTo(403);
    }

    /** What an administrator with superuser access can do: switch triggers off for one transaction. */
    private void bypassingTriggers(String statement, UUID workspace) {
        asOwner().sql("BEGIN; SET LOCAL session_replication_role = replica; " + statement + "; COMMIT;")
                .param("w", workspace).update();
    }
}
