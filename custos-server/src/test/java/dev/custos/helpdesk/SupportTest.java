package dev.custos.helpdesk;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Support inside the app: a request tracked to an answer, both sides told, the content sealed (GV-06). */
class SupportTest extends CustosIntegrationTest {

    private static boolean noticed(SignedIn person, String topic) {
        return person.client().get("/api/privacy/notices").json().valueStream()
                .anyMatch(notice -> notice.path("topic").asString().equals(topic));
    }

    @Test
    @Tag("GV-06")
    @DisplayName("a person's request reaches the staff, is answered in the app, both sides are told in the app and "
            + "by mail, and its status history runs to the answer and the close")
    void trackedToAnAnswer() {
        SignedIn staff = signUpAsInstallationAdmin("Support Staff");
        SignedIn asker = signUp("Support Asker");
        var opened = asker.client().post("/api/support/requests", Map.of("subject", "Cannot export ZEBRA",
                "message", "The export button does nothing for QUAGGA."));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        UUID id = UUID.fromString(opened.text("id"));
        assertThat(opened.text("status")).isEqualTo("open");
        assertThat(noticed(staff, "support_request")).isTrue();
        assertThat(lastMail(staff.email(), "support request")).contains("/admin/support/" + id)
                .doesNotContain("ZEBRA", "QUAGGA");

        var queue = staff.client().get("/api/admin/support/requests?status=open").json().path("requests");
        assertThat(queue.valueStream().map(request -> request.path("id").asString())).contains(id.toString());
        var answered = staff.client().post("/api/support/requests/" + id + "/messages",
                Map.of("message", "Fixed in the next release; use the CLI meanwhile."));
        assertThat(answered.status()).isEqualTo(200);
        assertThat(answered.text("status")).isEqualTo("answered");
        assertThat(noticed(asker, "support_answered")).isTrue();
        assertThat(lastMail(asker.email(), "support answered")).contains("/support/" + id);

        var mine = asker.client().get("/api/support/requests/" + id).json();
        assertThat(mine.path("messages").size()).isEqualTo(2);
        assertThat(mine.path("messages").get(1).path("fromStaff").asBoolean()).isTrue();
        assertThat(mine.path("messages").get(1).path("text").asString()).contains("next release");
        asker.client().post("/api/support/requests/" + id + "/messages", Map.of("message", "Thanks, that works."));
        var closed = asker.client().post("/api/support/requests/" + id + "/close", Map.of());
        assertThat(closed.json().path("history").valueStream().map(change -> change.path("status").asString()))
                .containsExactly("open", "answered", "open", "closed");
        assertThat(asker.client().get("/api/support/requests").json().get(0).path("subject").asString())
                .isEqualTo("Cannot export ZEBRA");

        assertThat(dumpOfTheMainDatabase()).as("sealed at rest").doesNotContain("ZEBRA", "QUAGGA", "next release");
    }

    @Test
    @Tag("GV-06")
    @DisplayName("nobody but the requester and the staff reads a request; bad input is refused with nothing stored")
    void privateToTheRequester() {
        SignedIn asker = signUp("Private Asker");
        SignedIn other = signUp("Curious Other");
        UUID id = UUID.fromString(asker.client().post("/api/support/requests", Map.of("subject", "Invoice question",
                "message", "Why two invoices?")).text("id"));
        assertThat(other.client().get("/api/support/requests/" + id).status()).isEqualTo(404);
        assertThat(other.client().post("/api/support/requests/" + id + "/messages", Map.of("message", "Hi"))
                .status()).isEqualTo(404);
        assertThat(other.client().post("/api/support/requests/" + id + "/close", Map.of()).status()).isEqualTo(404);
        assertThat(other.client().get("/api/support/requests").json().size()).isZero();
        assertThat(other.client().get("/api/admin/support/requests").status()).isEqualTo(403);
        var blank = asker.client().post("/api/support/requests", Map.of("subject", " ", "message", "x"));
        assertThat(blank.status()).isEqualTo(400);
        assertThat(asker.client().get("/api/support/requests").json().size()).isEqualTo(1);
    }

    @Test
    @Tag("GV-06")
    @DisplayName("erasing the requester crypto-shreds the whole thread; the staff see that it was erased")
    void erasedWithTheRequester() {
        SignedIn staff = signUpAsInstallationAdmin("Erasure Staff");
        SignedIn asker = signUp("Leaving Asker");
        UUID id = UUID.fromString(asker.client().post("/api/support/requests", Map.of("subject", "Please help OKAPI",
                "message", "My data about OKAPI")).text("id"));
        staff.client().post("/api/support/requests/" + id + "/messages", Map.of("message", "Answer about OKAPI"));
        assertThat(asker.client().post("/api/privacy/erasure", Map.of("password", PASSWORD)).status()).isEqualTo(202);
        await().until(() -> staff.client().get("/api/support/requests/" + id).text("subject").equals("(erased)"));
        var thread = staff.client().get("/api/support/requests/" + id).json();
        assertThat(thread.path("messages").valueStream().map(message -> message.path("text").asString()))
                .containsOnly("(erased)");
        assertThat(asOwner().sql("SELECT count(*) FROM support_requests WHERE person_id = :p")
                .param("p", asker.personId()).query(Long.class).single()).isZero();
        assertThat(List.of(thread.path("requester").asString())).doesNotContain(asker.personId().toString());
    }
}
