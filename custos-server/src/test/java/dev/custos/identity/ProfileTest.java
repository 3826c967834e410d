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
        var corrected = person.client().put("/api/me", Map.of("name", "Right Name", "email", newEmail,
                "company", "Acme GmbH", "displayName", "Righty", "avatarUrl", "https://example.org/a.png"));
        assertThat(corrected.status()).as(corrected.body()).isEqualTo(200);

        var me = person.client().get("/api/me").json();
        assertThat(me.get("name").asString()).isEqualTo("Right Name");
        assertThat(me.get("email").asString()).isEqualTo(newEmail);
        assertThat(me.get("company").asString()).isEqualTo("Acme GmbH");
        assertThat(me.get("displayName").asString()).isEqualTo("Righty");
        assertThat(me.get("avatarUrl").asString()).isEqualTo("https://example.org/a.png");

        // Optional fields can be cleared again, and the new email signs in.
        person.client().put("/api/me", Map.of("name", "Right Name", "email", newEmail));
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
        var corrected = person.client().put("/api/me", Map.of("name", "Correct Name", "email", newEmail));
        assertThat(corrected.status()).as(corrected.body()).isEqualTo(200);

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

    @Test
    @DisplayName("a correction to an email another account uses is refused and changes nothing")
    void emailOfAnotherAccountIsRefused() {
        SignedIn a = signUp("Alpha");
        SignedIn b = signUp("Beta");
        var refused = a.client().put("/api/me", Map.of("name", "Changed", "email", b.email()));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(a.client().get("/api/me").text("name")).isEqualTo("Alpha");
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
