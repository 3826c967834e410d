package dev.custos.privacy;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.keys.ContentSeal;
import dev.custos.platform.PersonId;
import dev.custos.platform.WorkspaceId;
import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Erasing a person's keys makes their content unreadable everywhere, a copy of the database taken before included. */
class CryptoShreddingTest extends CustosIntegrationTest {

    @Autowired
    private ContentSeal seal;

    private record Sealed(UUID session, long seq, byte[] content) {
    }

    @Test
    @Tag("RT-05")
    @DisplayName("after a person's keys are destroyed, their stored content cannot be opened with anything Custos "
            + "has, including a copy of the database taken before; others' content is untouched")
    void shreddedContentIsGoneFromEveryCopy() {
        SignedIn erased = signUp("Erased Person");
        UUID workspace = createWorkspace(erased, "Shredding");
        SignedIn colleague = addMember(erased, workspace, "admin", "Colleague"); // admins review sessions
        var created = erased.client().post("/api/workspaces/" + workspace + "/agents", Map.of("name", "Echo",
                "instructions", "Workspace instructions NUMBAT", "model", "offline/scripted-demo"));
        String agent = created.text("id");
        String mine = runSession(erased, workspace, agent, "hello, my secret is OKAPI");
        String theirs = runSession(colleague, workspace, agent, "hello from the colleague, QUOLL");
        UUID session = UUID.fromString(mine.substring(mine.lastIndexOf('/') + 1));

        String dumpBefore = dumpOfTheMainDatabase();
        List<Sealed> copies = asOwner().sql("SELECT session_id, seq, content FROM session_events "
                        + "WHERE session_id = :s AND content IS NOT NULL").param("s", session)
                .query((rs, n) -> new Sealed(rs.getObject(1, UUID.class), rs.getLong(2), rs.getBytes(3))).list();
        assertThat(copies).hasSizeGreaterThanOrEqualTo(2);
        JdbcClient keyStore = asKeyStoreOwner();
        String keyset = keyStore.sql("SELECT keyset FROM subject_keys WHERE workspace_id = :w AND subject_id = :s")
                .param("w", workspace).param("s", erased.personId()).query(String.class).single();
        String wrappedKey = keyset.replaceAll("(?s).*\"encryptedKeyset\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        assertThat(wrappedKey).hasSizeGreaterThan(40);
        assertThat(dumpBefore).as("no key is in the main database or its dumps").doesNotContain(wrappedKey)
                .doesNotContain("OKAPI");

        assertThat(seal.shred(new PersonId(erased.personId()))).isEqualTo(1);

        for (Sealed copy : copies) {
            assertThatThrownBy(() -> seal.open(new WorkspaceId(workspace), new PersonId(erased.personId()),
                    copy.content(), "session-event|" + copy.session() + "|" + copy.seq()))
                    .isInstanceOf(ContentSeal.SealBroken.class);
        }
        assertThat(keyStore.sql("SELECT count(*) FROM subject_keys WHERE subject_id = :s")
                .param("s", erased.personId()).query(Long.class).single()).isZero();
        assertThatThrownBy(() -> seal.seal(new WorkspaceId(workspace), new PersonId(erased.personId()), "new",
                "anything")).as("no new key for an erased person").isInstanceOf(IllegalStateException.class);

        JsonNode review = colleague.client().get(mine).json();
        assertThat(review.path("events").valueStream()
                .filter(event -> event.path("kind").asString().equals("user_message")).findFirst().orElseThrow()
                .path("content").path("erased").asBoolean()).isTrue();
        assertThat(review.toString()).doesNotContain("OKAPI");
        assertThat(colleague.client().get(theirs).body()).as("the colleague's content is untouched").contains("QUOLL");
        assertThat(colleague.client().get("/api/workspaces/" + workspace + "/agents/" + agent).body())
                .as("the workspace's own content too").contains("NUMBAT");
    }
}
