package dev.custos.identity;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import dev.custos.identity.signin.RememberMe;
import dev.custos.support.ApiClient;
import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** "Remember me": a token apart from the session, rotated on use, revocable, and dead once stolen and used. */
class RememberMeTest extends CustosIntegrationTest {

    private record Presented(int status, String newCookie) {
    }

    /** A request carrying only a remember-me cookie, as a browser whose session has ended would send. */
    private Presented present(String rememberCookie) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/me"))
                .header("Cookie", RememberMe.COOKIE + "=" + rememberCookie).build(), HttpResponse.BodyHandlers.ofString());
        String rotated = response.headers().allValues("Set-Cookie").stream()
                .filter(cookie -> cookie.startsWith(RememberMe.COOKIE + "=")).findFirst()
                .map(cookie -> cookie.substring(RememberMe.COOKIE.length() + 1, cookie.indexOf(';'))).orElse("");
        return new Presented(response.statusCode(), rotated);
    }

    private String rememberedSignIn(SignedIn person) {
        ApiClient device = anonymous();
        assertThat(device.post("/api/auth/sign-in", Map.of("email", person.email(), "password", PASSWORD,
                "rememberMe", true)).status()).isEqualTo(200);
        return device.cookie(RememberMe.COOKIE).orElseThrow().getValue();
    }

    private void endAllSessions(SignedIn person) {
        asOwner().sql("DELETE FROM http_sessions WHERE principal_name = :p").param("p", person.personId().toString())
                .update();
    }

    @Test
    @Tag("ID-07")
    @DisplayName("a remembered device is signed in again after its session ends, with a new token each time; a "
            + "stolen copy used after that revokes every token; the person lists and revokes them")
    void rememberMe() throws Exception {
        SignedIn person = signUp("Remembered Person");
        String cookie = rememberedSignIn(person);
        assertThat(asOwner().sql("SELECT token_hash FROM remember_me_tokens WHERE person_id = :p")
                .param("p", person.personId()).query(String.class).single())
                .as("only a hash is kept").doesNotContain(cookie.split(":")[1]);
        assertThat(person.client().get("/api/me/remember-me").json().size()).isEqualTo(1);

        endAllSessions(person);
        Presented resumed = present(cookie);
        assertThat(resumed.status()).as("signed in again by the cookie").isEqualTo(200);
        assertThat(resumed.newCookie()).as("rotated").isNotEmpty().isNotEqualTo(cookie)
                .startsWith(cookie.split(":")[0] + ":");

        // Someone kept a copy of the old cookie and uses it: the whole person is forgotten, on every device.
        endAllSessions(person);
        Presented stolen = present(cookie);
        assertThat(stolen.status()).isEqualTo(401);
        assertThat(present(resumed.newCookie()).status()).as("the rightful device too: revoked").isEqualTo(401);
        assertThat(asOwner().sql("SELECT count(*) FROM audit_log WHERE action = 'auth.remember_me_theft' "
                + "AND actor_id = :p").param("p", person.personId()).query(Long.class).single()).isEqualTo(1);

        // Revoked by the person.
        SignedIn owner = signUp("Remembered Owner");
        String kept = rememberedSignIn(owner);
        var devices = owner.client().get("/api/me/remember-me").json();
        assertThat(owner.client().delete("/api/me/remember-me/" + "0".repeat(16)).status()).isEqualTo(404);
        SignedIn stranger = signUp("Remembered Stranger");
        assertThat(stranger.client().delete("/api/me/remember-me/" + devices.get(0).path("id").asString()).status())
                .as("not someone else's").isEqualTo(404);
        assertThat(owner.client().delete("/api/me/remember-me/" + devices.get(0).path("id").asString()).status())
                .isEqualTo(204);
        endAllSessions(owner);
        assertThat(present(kept).status()).isEqualTo(401);

        // A new password forgets every device.
        SignedIn changer = signUp("Password Changer");
        String before = rememberedSignIn(changer);
        assertThat(changer.client().put("/api/me/password", Map.of("currentPassword", PASSWORD,
                "newPassword", "a-brand-new-passphrase")).status()).isEqualTo(204);
        assertThat(present(before).status()).isEqualTo(401);
    }

    @Test
    @Tag("ID-07")
    @DisplayName("signing out forgets the device; the cookie is HttpOnly, SameSite and lasts 30 days")
    void signOutForgets() {
        SignedIn person = signUp("Signing Out Person");
        ApiClient device = anonymous();
        var signedIn = device.post("/api/auth/sign-in", Map.of("email", person.email(), "password", PASSWORD,
                "rememberMe", true));
        String setCookie = signedIn.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(RememberMe.COOKIE)).findFirst().orElseThrow();
        assertThat(setCookie).contains("HttpOnly", "SameSite=Lax", "Max-Age=2592000");
        assertThat(device.post("/api/auth/sign-out", null).status()).isEqualTo(204);
        assertThat(asOwner().sql("SELECT count(*) FROM remember_me_tokens WHERE person_id = :p")
                .param("p", person.personId()).query(Long.class).single()).isZero();
    }

    @Test
    @Tag("ID-07")
    @DisplayName("an expired or unknown remember-me cookie signs nobody in, says why, is deleted and audited")
    void expiredTokenRefused() throws Exception {
        SignedIn person = signUp("Expired Device");
        String cookie = rememberedSignIn(person);
        endAllSessions(person);
        asOwner().sql("UPDATE remember_me_tokens SET expires_at = now() - interval '1 minute' WHERE person_id = :p")
                .param("p", person.personId()).update();

        HttpResponse<String> api = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/me"))
                .header("Cookie", RememberMe.COOKIE + "=" + cookie).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(api.body()).contains("/problems/remembered-sign-in-ended");
        assertThat(api.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith(RememberMe.COOKIE + "=;")
                && c.contains("Max-Age=0"));
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/profile")).header("Accept", "text/html")
                .header("Cookie", RememberMe.COOKIE + "=" + cookie).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.headers().firstValue("Location").orElseThrow()).endsWith("/signin?rememberEnded");
        assertThat(asOwner().sql("""
                        SELECT count(*) FROM audit_log WHERE action = 'auth.sign_in' AND outcome = 'failure'
                          AND details::jsonb->>'method' = 'remember_me' AND details::jsonb->>'reason' = 'expired'""")
                .query(Long.class).single()).isGreaterThanOrEqualTo(2);
        assertThat(present("unknownseries:unknowntoken").status()).isEqualTo(401);
    }

    @Test
    @Tag("SC-01")
    @DisplayName("over TLS (here through a TLS-terminating proxy) the remember-me cookie is Secure, like every other")
    void rememberMeCookieIsSecureOverTls() {
        SignedIn person = signUp("Securely Remembered");
        var signedIn = anonymous().stream("/api/auth/sign-in", Map.of("email", person.email(), "password", PASSWORD,
                "rememberMe", true), "X-Forwarded-Proto", "https", "Accept", "application/json");
        assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(200);
        assertThat(signedIn.headers().allValues("Set-Cookie"))
                .anySatisfy(cookie -> assertThat(cookie).startsWith(RememberMe.COOKIE + "="))
                .allSatisfy(cookie -> assertThat(cookie).contains("Secure"));
    }
}
