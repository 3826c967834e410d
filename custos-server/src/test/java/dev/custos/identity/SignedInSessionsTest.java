package dev.custos.identity;

import java.util.Map;

import dev.custos.support.ApiClient;
import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A person sees where they are signed in, ends sessions they do not recognise, and a new password ends the rest. */
class SignedInSessionsTest extends CustosIntegrationTest {

    private ApiClient signIn(SignedIn person, String password) {
        ApiClient device = anonymous();
        assertThat(device.post("/api/auth/sign-in", Map.of("email", person.email(), "password", password)).status())
                .isEqualTo(200);
        return device;
    }

    @Test
    @DisplayName("my sessions are listed with the current one marked; one or all others can be signed out; "
            + "changing the password signs out every other session; nobody ends another person's session")
    void mySessions() {
        SignedIn person = signUp("Many Devices Person");
        ApiClient laptop = signIn(person, PASSWORD);
        ApiClient phone = signIn(person, PASSWORD);
        var listed = person.client().get("/api/me/sessions").json();
        assertThat(listed.size()).isEqualTo(3);
        assertThat(listed.valueStream().filter(s -> s.path("current").asBoolean()).count()).isEqualTo(1);
        assertThat(person.client().get("/api/me/sessions").body()).doesNotContain(
                person.client().cookie("CUSTOS_SESSION").orElseThrow().getValue());

        String phoneSession = phone.get("/api/me/sessions").json().valueStream()
                .filter(s -> s.path("current").asBoolean()).findFirst().orElseThrow().path("id").asString();
        SignedIn other = signUp("Other Person");
        assertThat(other.client().delete("/api/me/sessions/" + phoneSession).status()).isEqualTo(404);
        assertThat(phone.get("/api/me").status()).isEqualTo(200);
        assertThat(person.client().delete("/api/me/sessions/" + phoneSession).status()).isEqualTo(204);
        assertThat(phone.get("/api/me").status()).as("signed out from elsewhere").isEqualTo(401);

        var ended = person.client().post("/api/me/sessions/sign-out-others", null);
        assertThat(ended.json().path("ended").asInt()).isEqualTo(1);
        assertThat(laptop.get("/api/me").status()).isEqualTo(401);
        assertThat(person.client().get("/api/me").status()).isEqualTo(200);

        ApiClient tablet = signIn(person, PASSWORD);
        String newPassword = "another-long-passphrase";
        assertThat(person.client().put("/api/me/password", Map.of("currentPassword", PASSWORD, "newPassword",
                newPassword)).status()).isEqualTo(204);
        assertThat(tablet.get("/api/me").status()).as("a new password signs out every other session")
                .isEqualTo(401);
        assertThat(person.client().get("/api/me").status()).as("but not this one").isEqualTo(200);
        assertThat(asOwner().sql("SELECT count(*) FROM audit_log WHERE action = 'auth.sessions_ended' AND actor_id = :p")
                .param("p", person.personId()).query(Long.class).single()).isEqualTo(3);
    }

    @Test
    @Tag("ID-07")
    @DisplayName("a session kept busy still ends after its absolute lifetime (12 hours), audited; a fresh one "
            + "does not")
    void absoluteLifetime() {
        SignedIn aged = signUp("Long Session Person");
        SignedIn fresh = signUp("Fresh Session Person");
        assertThat(aged.client().get("/api/me").status()).isEqualTo(200);
        asOwner().sql("""
                UPDATE http_sessions SET creation_time = creation_time - 13 * 3600 * 1000
                WHERE principal_name = :p""").param("p", aged.personId().toString()).update();
        assertThat(aged.client().get("/api/me").status()).as("over twelve hours old").isEqualTo(401);
        assertThat(fresh.client().get("/api/me").status()).isEqualTo(200);
        assertThat(asOwner().sql("""
                        SELECT count(*) FROM audit_log WHERE action = 'auth.session_expired' AND actor_id = :p""")
                .param("p", aged.personId()).query(Long.class).single()).isEqualTo(1);
    }
}
