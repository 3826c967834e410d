package dev.custos.identity;

import java.util.Map;

import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("ID-01")
class ProfileTest extends CustosIntegrationTest {

    @Test
    @DisplayName("a person corrects every field of their account: name, email, company, display name, avatar")
    void everyFieldCanBeCorrected() {
        SignedIn person = signUp("Wrong Name");
        String newEmail = "right." + person.personId() + "@example.org";
        var corrected = person.client().put("/api/me", Map.of("name", "Right Name",
                "company", "Acme GmbH", "displayName", "Righty", "avatarUrl", "https://example.org/a.png"));
        assertThat(corrected.status()).as(corrected.body()).isEqualTo(200);
        changeEmail(person, newEmail);

        var me = person.client().get("/api/me").json();
        assertThat(me.get("name").asString()).isEqualTo("Right Name");
        assertThat(me.get("email").asString()).isEqualTo(newEmail);
        assertThat(me.get("company").asString()).isEqualTo("Acme GmbH");
        assertThat(me.get("displayName").asString()).isEqualTo("Righty");
        assertThat(me.get("avatarUrl").asString()).isEqualTo("https://example.org/a.png");

        // Optional fields can be cleared again, and the new email signs in.
        person.client().put("/api/me", Map.of("name", "Right Name", "email", newEmail));
        assertThat(person.client().get("/api/me").json().get("name").asString()).isEqualTo("Right Name");
        assertThat(person.client().get("/api/me").json().has("company")).isFalse();
        assertThat(anonymous().post("/api/auth/sign-in", Map.of("email", newEmail, "password", PASSWORD)).status())
                .isEqualTo(200);
    }

    @Test
    @Tag("DR-03")
    @DisplayName("a correction reaches every copy: the person's other sessions, what co-members see, the data "
            + "export, and no stale copy of the old values is left anywhere in the database")
    void correctionReachesEveryCopy() throws Exception {
        String oldName = "Misspelt Naem " + java.util.UUID.randomUUID();
        SignedIn person = signUp(oldName);
        SignedIn owner = signUp("Rectification Owner");
        java.util.UUID workspace = createWorkspace(owner, "Where they work");
        var invite = owner.client().post("/api/workspaces/" + workspace + "/invites", Map.of("role", "member"));
        person.client().post("/api/invites/accept", Map.of("code", invite.text("code")));
        runSession(person, workspace, createOfflineAgent(owner, workspace), "a message before the correction");
        var otherDevice = new dev.custos.support.ApiClient(port);
        assertThat(otherDevice.post("/api/auth/sign-in", Map.of("email", person.email(), "password", PASSWORD))
                .status()).isEqualTo(200);
        String oldEmail = person.email();

        String newEmail = "corrected." + person.personId() + "@example.org";
        var corrected = person.client().put("/api/me", Map.of("name", "Correct Name"));
        assertThat(corrected.status()).as(corrected.body()).isEqualTo(200);
        changeEmail(person, newEmail);

        assertThat(otherDevice.get("/api/me").text("email")).as("another session").isEqualTo(newEmail);
        var member = owner.client().get("/api/workspaces/" + workspace + "/members").json().valueStream()
                .filter(m -> m.path("personId").asString().equals(person.personId().toString())).findFirst()
                .orElseThrow();
        assertThat(member.path("name").asString()).as("what co-members see").isEqualTo("Correct Name");
        assertThat(member.path("email").asString()).isEqualTo(newEmail);
        var link = person.client().post("/api/privacy/exports", Map.of("password", PASSWORD));
        String export = new String(downloadZip(person, link.text("url").replaceFirst("^https?://[^/]+", ""))
                .get("custos-export.json"), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(export).contains(newEmail, "Correct Name").doesNotContain(oldEmail, oldName);
        assertThat(dumpOfTheMainDatabase()).as("no stale copy anywhere").doesNotContain(oldEmail, oldName)
                .contains(newEmail);
    }

    /** Changes a person's email the only way there is: password, then the code mailed to the new address. */
    private void changeEmail(SignedIn person, String newEmail) {
        var asked = person.client().post("/api/me/email-change", Map.of("email", newEmail, "password", PASSWORD));
        assertThat(asked.status()).as(asked.body()).isEqualTo(202);
        var confirmed = person.client().post("/api/me/email-change/confirmation",
                Map.of("code", mailedCode(newEmail)));
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
    }

    @Test
    @DisplayName("a change to an email another account uses is refused and changes nothing")
    void emailOfAnotherAccountIsRefused() {
        SignedIn a = signUp("Alpha");
        SignedIn b = signUp("Beta");
        var refused = a.client().post("/api/me/email-change", Map.of("email", b.email(), "password", PASSWORD));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(a.client().get("/api/me").text("email")).isEqualTo(a.email());
    }

    @Test
    @DisplayName("an email change needs the password and the new address's code; until then sign-in and notices keep "
            + "the confirmed address, which is told of the change when asked and when done")
    void anEmailChangeIsConfirmedByTheNewAddress() {
        SignedIn person = signUp("Careful Person");
        SignedIn other = signUp("Someone Else");
        String takeover = "attacker." + person.personId() + "@example.net";
        var direct = person.client().put("/api/me", Map.of("name", "Careful Person", "email", takeover));
        assertThat(direct.problemType()).as("no change without confirmation")
                .isEqualTo("/problems/email-change-needs-confirmation");
        assertThat(person.client().post("/api/me/email-change", Map.of("email", takeover, "password", "wrong"))
                .status()).as("the password first").isEqualTo(403);

        var asked = person.client().post("/api/me/email-change", Map.of("email", takeover, "password", PASSWORD));
        assertThat(asked.status()).as(asked.body()).isEqualTo(202);
        assertThat(lastMail(person.email(), "about to change")).contains("a***@example.net")
                .doesNotContain(takeover);
        assertThat(person.client().get("/api/me").text("email")).as("unchanged until confirmed")
                .isEqualTo(person.email());
        person.client().post("/api/privacy/requests", Map.of("kind", "access", "password", PASSWORD));
        assertThat(lastMail(person.email(), "privacy request")).as("notices still go to the confirmed address")
                .contains("We received your access request");
        assertThat(MAIL.received().stream().filter(m -> m.to().contains(takeover))
                .noneMatch(m -> m.data().contains("privacy request"))).isTrue();

        String code = mailedCode(takeover);
        assertThat(other.client().post("/api/me/email-change/confirmation", Map.of("code", code)).problemType())
                .as("not someone else's code").isEqualTo("/problems/invalid-confirmation");
        assertThat(person.client().post("/api/me/email-change/confirmation", Map.of("code", "wrong")).problemType())
                .isEqualTo("/problems/invalid-confirmation");
        assertThat(person.client().post("/api/me/email-change/confirmation", Map.of("code", code)).status())
                .isEqualTo(200);
        assertThat(person.client().get("/api/me").text("email")).isEqualTo(takeover);
        assertThat(lastMail(person.email(), "was changed")).contains("a***@example.net");
        assertThat(person.client().post("/api/me/email-change/confirmation", Map.of("code", code)).problemType())
                .as("single use").isEqualTo("/problems/invalid-confirmation");
        assertThat(anonymous().post("/api/auth/sign-in", Map.of("email", takeover, "password", PASSWORD)).status())
                .isEqualTo(200);
    }

    @Test
    @Tag("ID-02")
    @DisplayName("a password change needs the current password; afterwards only the new one works")
    void passwordChange() {
        SignedIn person = signUp("Changer");
        var wrong = person.client().put("/api/me/password",
                Map.of("currentPassword", "not-the-password", "newPassword", "another-long-passphrase"));
        assertThat(wrong.status()).isEqualTo(403);
        var changed = person.client().put("/api/me/password",
                Map.of("currentPassword", PASSWORD, "newPassword", "another-long-passphrase"));
        assertThat(changed.status()).isEqualTo(204);
        assertThat(anonymous().post("/api/auth/sign-in", Map.of("email", person.email(), "password", PASSWORD))
                .status()).isEqualTo(401);
        assertThat(anonymous().post("/api/auth/sign-in",
                Map.of("email", person.email(), "password", "another-long-passphrase")).status()).isEqualTo(200);
    }
}
