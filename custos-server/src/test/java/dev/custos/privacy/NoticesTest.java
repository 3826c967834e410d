package dev.custos.privacy;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.custos.keys.ContentSeal;
import dev.custos.platform.PersonId;
import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** Notices and mails that lead somewhere the recipient can go, in words and times people read. */
class NoticesTest extends CustosIntegrationTest {

    /** An ISO instant as Java prints it, nanoseconds and all: never what a person should read. */
    private static final String MACHINE_TIME = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}";

    @Autowired
    private ContentSeal seal;

    @Test
    @Tag("DR-04")
    @DisplayName("an erasure's notices link to its public status page, not to settings the erased person cannot open, "
            + "and a last mail says when the erasure is done")
    void erasureNoticesLeadToTheStatusPage() {
        SignedIn leaving = signUp("Leaving Reader");
        var accepted = leaving.client().post("/api/privacy/erasure", Map.of("password", PASSWORD));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String request = accepted.text("id");

        String received = lastMail(leaving.email(), "privacy request");
        assertThat(received).contains("We received your erasure request on")
                .contains("/privacy/erasures/" + request).doesNotContain("/settings/data")
                .doesNotContainPattern(MACHINE_TIME);
        String done = lastMail(leaving.email(), "account is deleted");
        assertThat(done).contains("Your account and your data are deleted")
                .contains("/privacy/erasures/" + request);
        assertThat(anonymous().get("/privacy/erasures/" + request).status()).as("the page it links to opens")
                .isEqualTo(200);
    }

    @Test
    @DisplayName("administrators' deadline notices read 'an erasure request' with a date; the queue answers from the "
            + "page, never 'through /api'")
    void humanWordingAndTheQueueActsOnThePage() {
        SignedIn admin = installationAdmin();
        SignedIn person = signUp("Worded Person");
        var made = person.client().post("/api/privacy/requests", Map.of("kind", "rectification", "password", PASSWORD));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        String id = made.text("id");
        assertThat(person.client().get("/api/privacy/notices").json().valueStream()
                .map(notice -> notice.path("message").asString())).isNotEmpty()
                .allSatisfy(message -> assertThat(message).doesNotContainPattern(MACHINE_TIME));

        String queue = admin.client().get("/admin/privacy/requests").body();
        assertThat(queue).contains("A rectification request").doesNotContain("/api/admin");
        var answered = admin.client().postForm("/admin/privacy/requests/" + id + "/status",
                Map.of("status", "completed", "note", "Your name is corrected."));
        assertThat(answered.body()).contains("the requester was told");
        assertThat(admin.client().get("/api/admin/privacy/requests?all=true").body()).contains(id);
        assertThat(person.client().get("/api/privacy/notices").body())
                .contains("Your rectification request was completed. Your name is corrected.");
    }

    @Test
    @Tag("AI-01")
    @DisplayName("a session whose content was erased is titled as erased in the history, not as a session where "
            + "nothing was said")
    void anErasedSessionSaysSo() {
        SignedIn owner = signUp("History Owner");
        UUID workspace = createWorkspace(owner, "History");
        String said = runSession(owner, workspace, createOfflineAgent(owner, workspace), "hello, QUOKKA");
        String session = said.substring(said.lastIndexOf('/') + 1);
        String history = "/api/workspaces/" + workspace + "/sessions";
        assertThat(owner.client().get(history).body()).contains("hello, QUOKKA");

        seal.shred(new PersonId(owner.personId()), Set.of()); // as at an erasure, before the purge
        var titled = owner.client().get(history).json().valueStream()
                .filter(s -> s.path("session").path("id").asString().equals(session)).findFirst().orElseThrow();
        assertThat(titled.path("title").asString()).isEqualTo("(content erased)");
    }
}
