package dev.custos.privacy;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.keys.ContentSeal;
import dev.custos.platform.PersonId;
import dev.custos.platform.WorkspaceId;

import dev.custos.support.ApiClient;
import dev.custos.support.CustosIntegrationTest;
import dev.custos.platform.personaldata.MappedTable;
import dev.custos.platform.personaldata.OwnedTables;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Deleting an account: closed and unreadable at once, then purged as the data map says. */
class ErasureTest extends CustosIntegrationTest {

    @Autowired
    private DataMap map;

    @Autowired
    private ContentSeal seal;

    private record Sealed(long seq, byte[] content) {
    }

    private static String context(UUID session, Sealed copy) {
        return "session-event|" + session + "|" + copy.seq();
    }

    @Test
    @Tag("DR-04")
    @Tag("RT-05")
    @Tag("RT-06")
    @DisplayName("erasing an account closes it at once, makes its content unreadable, deletes the workspaces it "
            + "owned alone and purges its rows, keeping only what the law requires, without its name")
    void erasure() {
        SignedIn leaving = signUp("Leaving Person");
        UUID own = createWorkspace(leaving, "Mine alone");
        runSession(leaving, own, createOfflineAgent(leaving, own), "hello from my own workspace, KOALA");

        SignedIn owner = signUp("Staying Owner");
        UUID shared = createWorkspace(owner, "Shared");
        var invite = owner.client().post("/api/workspaces/" + shared + "/invites", Map.of("role", "member"));
        leaving.client().post("/api/invites/accept", Map.of("code", invite.text("code")));
        String sharedAgent = createOfflineAgent(owner, shared);
        String mineThere = runSession(leaving, shared, sharedAgent, "hello in the shared workspace, WOMBAT");
        String theirs = runSession(owner, shared, sharedAgent, "the owner's own words, PLATYPUS");
        String key = createApiKey(leaving, shared, "read");
        leaving.client().post("/api/privacy/consents", Map.of("purpose", "marketing_email", "given", true,
                "noticeVersion", "2026-11"));
        long usageBefore = asOwner().sql("SELECT count(*) FROM usage_records WHERE workspace_id = :w")
                .param("w", shared).query(Long.class).single();
        // What a backup taken now would hold of them: their sealed messages in the workspace that stays.
        UUID sharedSession = UUID.fromString(mineThere.substring(mineThere.lastIndexOf('/') + 1));
        List<Sealed> backup = asOwner().sql("SELECT seq, content FROM session_events WHERE session_id = :s "
                        + "AND content IS NOT NULL").param("s", sharedSession)
                .query((rs, n) -> new Sealed(rs.getLong(1), rs.getBytes(2))).list();
        assertThat(backup.stream().map(copy -> seal.open(new WorkspaceId(shared), new PersonId(leaving.personId()),
                copy.content(), context(sharedSession, copy)))).as("they open before").anyMatch(text ->
                text.contains("WOMBAT"));

        assertThat(leaving.client().post("/api/privacy/erasure", Map.of("password", "wrong")).status()).isEqualTo(403);
        var accepted = leaving.client().post("/api/privacy/erasure", Map.of("password", PASSWORD));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        assertThat(accepted.json().path("kind").asString()).isEqualTo("erasure");
        UUID request = UUID.fromString(accepted.text("id"));

        // At once: signed out everywhere, no sign-in, no key, content unreadable.
        assertThat(leaving.client().get("/api/me").status()).isEqualTo(401);
        assertThat(anonymous().post("/api/auth/sign-in", Map.of("email", leaving.email(), "password", PASSWORD))
                .status()).isEqualTo(401);
        assertThat(ApiClient.withApiKey(port, key).get("/api/workspaces/" + shared).status()).isEqualTo(401);

        await().until(() -> asOwner().sql("SELECT status FROM privacy_requests WHERE request_id = :id")
                .param("id", request).query(String.class).single().equals("completed"));

        // Erased from every backup too (RT-05): the copies taken before no longer open, and no key of theirs is left.
        for (Sealed copy : backup) {
            assertThatThrownBy(() -> seal.open(new WorkspaceId(shared), new PersonId(leaving.personId()),
                    copy.content(), context(sharedSession, copy))).isInstanceOf(ContentSeal.SealBroken.class);
        }
        assertThat(asKeyStoreOwner().sql("SELECT count(*) FROM subject_keys WHERE subject_id = :p")
                .param("p", leaving.personId()).query(Long.class).single()).isZero();

        // Purged as the data map says: nothing left that is to go, in any table that held their rows.
        for (MappedTable table : map.tables()) {
            for (String column : table.subjectColumns()) {
                if (column.contains(".")) {
                    continue;
                }
                String erasure = table.columns().stream().filter(c -> c.name().equals(column)).findFirst()
                        .orElseThrow().erasure();
                long left = asOwner().sql("SELECT count(*) FROM " + table.name() + " WHERE " + column + " = :p")
                        .param("p", leaving.personId()).query(Long.class).single();
                if (erasure.equals("keep")) {
                    continue;
                }
                assertThat(left).as(table.name() + "." + column).isZero();
            }
        }
        assertThat(asOwner().sql("SELECT count(*) FROM workspaces WHERE workspace_id = :w").param("w", own)
                .query(Long.class).single()).as("the workspace owned alone is gone").isZero();
        assertThat(asOwner().sql("SELECT count(*) FROM agent_sessions WHERE workspace_id = :w").param("w", own)
                .query(Long.class).single()).isZero();
        assertThat(owner.client().get(mineThere).status()).as("their session in the shared workspace").isEqualTo(404);
        assertThat(owner.client().get(theirs).body()).as("others' data is untouched").contains("PLATYPUS");
        assertThat(asOwner().sql("SELECT count(*) FROM usage_records WHERE workspace_id = :w").param("w", shared)
                .query(Long.class).single()).as("usage kept as anonymous aggregates").isEqualTo(usageBefore);
        assertThat(asOwner().sql("SELECT count(*) FROM usage_records WHERE person_id = :e")
                .param("e", OwnedTables.ERASED_PERSON).query(Long.class).single()).isPositive();
        assertThat(asOwner().sql("""
                        SELECT count(*) FROM usage_records u WHERE u.person_id = :e
                          AND (EXISTS (SELECT 1 FROM agent_sessions s WHERE s.session_id = u.session_id)
                               OR EXISTS (SELECT 1 FROM api_keys k WHERE k.key_id = u.api_key_id))""")
                .param("e", OwnedTables.ERASED_PERSON).query(Long.class).single())
                .as("the anonymous usage that stays leads back to no session, key or person").isZero();
        assertThat(asOwner().sql("SELECT count(*) FROM privacy_requests WHERE request_id = :id").param("id", request)
                .query(Long.class).single()).as("the proof of the request stays").isEqualTo(1);
        assertThat(owner.client().get("/api/audit/verification?workspaceId=" + shared).json().path("intact")
                .asBoolean()).isTrue();
        String everything = String.join("\n", asOwner().sql("SELECT email || name FROM people")
                .query(String.class).list());
        assertThat(everything).doesNotContain(leaving.email());
    }

    @Test
    @DisplayName("an owner of a workspace others still use is asked to hand it over first; nothing changes")
    void ownerOfSharedWorkspace() {
        SignedIn owner = signUp("Busy Owner");
        UUID shared = createWorkspace(owner, "Team space");
        addMember(owner, shared, "member", "Team Member");
        var refused = owner.client().post("/api/privacy/erasure", Map.of("password", PASSWORD));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().path("detail").asString()).contains("Team space");
        assertThat(owner.client().get("/api/me").status()).isEqualTo(200);
        assertThat(owner.client().get("/api/privacy/requests").json().size()).isZero();
    }
}
