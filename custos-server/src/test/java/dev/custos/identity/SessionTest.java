package dev.custos.identity;

import java.util.Map;

import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("ID-07")
class SessionTest extends CustosIntegrationTest {

    @Test
    @DisplayName("a session idle for more than 30 minutes no longer signs anyone in; an active one does")
    void idleSessionExpiresAfterThirtyMinutes() {
        SignedIn person = signUp("Idle");
        assertThat(person.client().get("/api/me").status()).isEqualTo(200);

        int timeout = asOwner().sql("SELECT max_inactive_interval FROM http_sessions WHERE principal_name = :p")
                .param("p", person.personId().toString()).query(Integer.class).single();
        assertThat(timeout).isEqualTo(30 * 60);

        // 29 minutes idle: still signed in.
        age(person, 29);
        assertThat(person.client().get("/api/me").status()).isEqualTo(200);
        // 31 minutes idle: signed out.
        age(person, 31);
        assertThat(person.client().get("/api/me").status()).isEqualTo(401);
    }

    @Test
    @DisplayName("the session cookie is HttpOnly and SameSite=Lax, and the session id changes at sign-in")
    void cookieFlags() {
        var client = anonymous();
        client.get("/api/auth/csrf");
        var invitation = invitations.issue(null);
        String email = "cookie." + invitation.invitationId() + "@example.com";
        client.post("/api/auth/sign-up", Map.of("code", invitation.code(), "email", email, "password", PASSWORD,
                "name", "Cookie", "ageConfirmed", true));
        var signedIn = client.post("/api/auth/sign-in", Map.of("email", email, "password", PASSWORD));
        String setCookie = signedIn.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("CUSTOS_SESSION=")).findFirst().orElseThrow();
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Lax");
    }

    private void age(SignedIn person, int minutes) {
        asOwner().sql("UPDATE http_sessions SET last_access_time = :t, expiry_time = :t + max_inactive_interval * 1000 "
                        + "WHERE principal_name = :p")
                .param("t", System.currentTimeMillis() - minutes * 60_000L)
                .param("p", person.personId().toString()).update();
    }
}
