package dev.custos.identity;

import java.util.List;
import java.util.Map;

import dev.custos.identity.factors.Passkeys;
import dev.custos.identity.factors.SecondFactors;
import dev.custos.support.ApiClient;
import dev.custos.support.CustosIntegrationTest;
import dev.custos.support.SoftwareAuthenticator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Passkeys (ID-06) through the full WebAuthn ceremony with a software authenticator: the device checks the person
 * and signs, the server receives only the signed assertion and keeps only the credential id and public key.
 */
@Tag("ID-06")
class PasskeyTest extends CustosIntegrationTest {

    /** Registers a passkey on the device for a signed-in person; returns the server's answer. */
    private ApiClient.Response register(SignedIn person, SoftwareAuthenticator device) {
        var options = person.client().post("/api/me/passkeys/registration", Map.of("password", PASSWORD));
        assertThat(options.status()).as(options.body()).isEqualTo(200);
        return person.client().post("/api/me/passkeys", Map.of("credential", device.register(options.json()),
                "label", "Laptop"));
    }

    private static ApiClient.Response passwordless(ApiClient browser, java.util.function.Function<JsonNode, JsonNode> device) {
        var options = browser.post("/api/auth/passkey/options", null);
        assertThat(options.status()).as(options.body()).isEqualTo(200);
        return browser.post("/api/auth/passkey", Map.of("credential", device.apply(options.json())));
    }

    private long refusals(String reason) {
        return asOwner().sql("""
                        SELECT count(*) FROM audit_log WHERE action = 'auth.passkey' AND outcome = 'failure'
                          AND details::jsonb->>'reason' = :r""").param("r", reason).query(Long.class).single();
    }

    @Test
    @DisplayName("a person registers a passkey (password confirmed) and signs in with it alone; only its id and "
            + "public key are kept")
    void registerAndSignInPasswordless() {
        SignedIn alice = signUp("Alice Passkey");
        var device = new SoftwareAuthenticator(ORIGIN);
        assertThat(alice.client().post("/api/me/passkeys/registration", Map.of("password", "wrong-password-here"))
                .status()).isEqualTo(403);
        var options = alice.client().post("/api/me/passkeys/registration", Map.of("password", PASSWORD)).json();
        assertThat(options.path("rp").path("id").asString()).isEqualTo("custos.test");
        assertThat(options.path("attestation").asString()).isEqualTo("none");
        assertThat(options.path("authenticatorSelection").path("userVerification").asString()).isEqualTo("required");
        assertThat(options.path("user").path("name").asString()).isEqualTo(alice.email());
        assertThat(options.path("user").path("id").asString()).as("the user handle names nobody")
                .doesNotContain(alice.personId().toString());

        var registered = alice.client().post("/api/me/passkeys", Map.of("credential", device.register(options),
                "label", "Laptop"));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        assertThat(registered.json().path("passkey").path("id").asString()).isEqualTo(device.credentialId());
        assertThat(registered.json().path("backupCodes").size()).as("first second factor: recovery codes")
                .isEqualTo(SecondFactors.BACKUP_CODES);
        assertThat(alice.client().get("/api/me/passkeys").json().get(0).path("label").asString()).isEqualTo("Laptop");
        assertThat(alice.client().get("/profile/security", "Accept", "text/html").body()).contains("Laptop")
                .contains("data-passkey=\"register\"");
        assertThat(anonymous().get("/signin", "Accept", "text/html").body()).contains("data-passkey=\"sign-in\"")
                .contains("/js/passkeys.js");
        assertThat(anonymous().get("/js/passkeys.js").status()).isEqualTo(200);
        assertThat(asOwner().sql("""
                        SELECT string_agg(column_name, ',' ORDER BY column_name) FROM information_schema.columns
                        WHERE table_name = 'passkeys'""").query(String.class).single())
                .as("no attestation, no device model, nothing biometric")
                .isEqualTo("backup_eligible,backup_state,created_at,credential_id,label,last_used_at,person_id,"
                        + "public_key,sign_count,transports,uv_initialized");

        ApiClient browser = anonymous();
        var signedIn = passwordless(browser, device::signIn);
        assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(200);
        assertThat(browser.get("/api/me").text("email")).isEqualTo(alice.email());
        assertThat(asOwner().sql("SELECT sign_count FROM passkeys WHERE person_id = :p").param("p", alice.personId())
                .query(Long.class).single()).isEqualTo(1);
        assertThat(alice.client().post("/api/me/passkeys", Map.of("credential", device.register(alice.client()
                .post("/api/me/passkeys/registration", Map.of("password", PASSWORD)).json()))).problemType())
                .as("the same credential twice").isEqualTo("/problems/passkey-exists");
    }

    @Test
    @DisplayName("a passkey completes a password sign-in as its second factor")
    void secondFactor() {
        SignedIn bob = signUp("Bob Passkey");
        var device = new SoftwareAuthenticator(ORIGIN);
        assertThat(register(bob, device).status()).isEqualTo(201);

        ApiClient browser = anonymous();
        var password = browser.post("/api/auth/sign-in", Map.of("email", bob.email(), "password", PASSWORD));
        assertThat(password.json().path("secondFactorRequired").asBoolean()).isTrue();
        assertThat(password.json().path("secondFactors").toString()).isEqualTo("[\"passkey\"]");
        assertThat(browser.get("/api/me").status()).as("the password alone signs nobody in").isEqualTo(401);
        assertThat(browser.get("/signin/second-factor", "Accept", "text/html").body()).contains("Use a passkey");
        var options = browser.post("/api/auth/sign-in/second-factor/passkey/options", null).json();
        assertThat(options.path("allowCredentials").get(0).path("id").asString()).isEqualTo(device.credentialId());
        var completed = browser.post("/api/auth/sign-in/second-factor/passkey", Map.of("credential",
                device.signIn(options)));
        assertThat(completed.status()).as(completed.body()).isEqualTo(200);
        assertThat(browser.get("/api/me").text("email")).isEqualTo(bob.email());
    }

    @Test
    @DisplayName("a tampered, replayed, phished, cloned or unverified answer is refused and audited, and nothing "
            + "about the account changes")
    void refusals() {
        SignedIn carol = signUp("Carol Passkey");
        var device = new SoftwareAuthenticator(ORIGIN);
        assertThat(register(carol, device).status()).isEqualTo(201);

        var tampered = passwordless(anonymous(), options -> SoftwareAuthenticator.tampered(device.signIn(options)));
        assertThat(tampered.status()).isEqualTo(401);
        assertThat(tampered.problemType()).isEqualTo("/problems/passkey-refused");
        assertThat(refusals("bad_signature")).isPositive();

        ApiClient replayer = anonymous();
        var options = replayer.post("/api/auth/passkey/options", null).json();
        var answer = device.signIn(options);
        assertThat(replayer.post("/api/auth/passkey", Map.of("credential", answer)).status()).isEqualTo(200);
        var replayed = anonymous();
        replayed.post("/api/auth/passkey/options", null);
        assertThat(replayed.post("/api/auth/passkey", Map.of("credential", answer)).problemType())
                .as("an answer made for another challenge").isEqualTo("/problems/passkey-refused");
        assertThat(refusals("bad_challenge")).isPositive();
        assertThat(replayer.post("/api/auth/passkey", Map.of("credential", answer)).problemType())
                .as("each challenge is answered once").isEqualTo("/problems/passkey-challenge-expired");

        var phished = passwordless(anonymous(), o -> device.signIn(o, "https://custos-login.example"));
        assertThat(phished.status()).isEqualTo(401);
        assertThat(refusals("bad_origin")).isPositive();

        var clone = device.cloneWithCounter(0);
        assertThat(passwordless(anonymous(), clone::signIn).status()).as("a copied credential's counter lags")
                .isEqualTo(401);
        assertThat(refusals("malicious_counter_value")).isPositive();

        var lazy = new SoftwareAuthenticator(ORIGIN);
        SignedIn dave = signUp("Dave Passkey");
        assertThat(register(dave, lazy).status()).isEqualTo(201);
        lazy.withoutUserVerification();
        assertThat(passwordless(anonymous(), lazy::signIn).status()).as("no PIN or biometrics, no passwordless")
                .isEqualTo(401);
        assertThat(refusals("user_not_verified")).isPositive();

        // Dave's passkey does not complete Carol's password sign-in.
        ApiClient browser = anonymous();
        browser.post("/api/auth/sign-in", Map.of("email", carol.email(), "password", PASSWORD));
        var carolsOptions = browser.post("/api/auth/sign-in/second-factor/passkey/options", null).json();
        var wrongOwner = browser.post("/api/auth/sign-in/second-factor/passkey", Map.of("credential",
                new SoftwareAuthenticator(ORIGIN).signIn(carolsOptions)));
        assertThat(wrongOwner.status()).isEqualTo(401);
        assertThat(browser.get("/api/me").status()).isEqualTo(401);

        assertThat(carol.client().get("/api/me/passkeys").json().size()).isEqualTo(1);
        assertThat(passwordless(anonymous(), device::signIn).status()).as("the real device still works")
                .isEqualTo(200);
    }

    @Test
    @DisplayName("removing a passkey takes the password; another person cannot remove it; with no factor left the "
            + "backup codes go too")
    void removal() {
        SignedIn erin = signUp("Erin Passkey");
        SignedIn frank = signUp("Frank Passkey");
        var device = new SoftwareAuthenticator(ORIGIN);
        assertThat(register(erin, device).status()).isEqualTo(201);
        String path = "/api/me/passkeys/" + device.credentialId() + "/removal";

        assertThat(frank.client().post(path, Map.of("password", PASSWORD)).status()).isEqualTo(404);
        assertThat(erin.client().post(path, Map.of("password", "not-the-password-at-all")).status()).isEqualTo(403);
        assertThat(erin.client().get("/api/me/second-factor").json().path("passkeys").asInt()).isEqualTo(1);
        assertThat(erin.client().post(path, Map.of("password", PASSWORD)).status()).isEqualTo(204);
        assertThat(passwordless(anonymous(), device::signIn).status()).isEqualTo(401);
        var status = erin.client().get("/api/me/second-factor").json();
        assertThat(status.path("enabled").asBoolean()).isFalse();
        assertThat(asOwner().sql("SELECT count(*) FROM backup_codes WHERE person_id = :p").param("p", erin.personId())
                .query(Long.class).single()).isZero();
        var plain = anonymous().post("/api/auth/sign-in", Map.of("email", erin.email(), "password", PASSWORD));
        assertThat(plain.json().path("secondFactorRequired").asBoolean()).isFalse();
        assertThat(List.of(asOwner().sql("SELECT count(*) FROM audit_log WHERE action = 'passkey.removed' AND "
                + "actor_id = :p").param("p", erin.personId()).query(Long.class).single())).containsExactly(1L);
    }
}
