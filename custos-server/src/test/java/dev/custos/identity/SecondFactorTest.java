package dev.custos.identity;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.custos.identity.factors.SecondFactorSignIn;
import dev.custos.identity.factors.Totp;
import dev.custos.support.ApiClient;
import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** TOTP as a second factor, with single-use backup codes. */
class SecondFactorTest extends CustosIntegrationTest {

    /** A code the authenticator would show one step from now: fresh, and inside the drift window. */
    private static String nextCode(String base32) {
        return Totp.code(Totp.fromBase32(base32), Totp.step(Instant.now()) + 1);
    }

    private static String wrongCode(String base32) {
        byte[] secret = Totp.fromBase32(base32);
        long now = Totp.step(Instant.now());
        List<String> valid = List.of(Totp.code(secret, now - 1), Totp.code(secret, now), Totp.code(secret, now + 1),
                Totp.code(secret, now + 2));
        for (int candidate = 0; ; candidate++) {
            String code = String.format("%06d", candidate);
            if (!valid.contains(code)) {
                return code;
            }
        }
    }

    private ApiClient passwordStep(SignedIn person) {
        ApiClient client = anonymous();
        var first = client.post("/api/auth/sign-in", Map.of("email", person.email(), "password", PASSWORD));
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().path("secondFactorRequired").asBoolean()).isTrue();
        assertThat(first.json().has("personId")).as("nobody is signed in yet").isFalse();
        assertThat(client.get("/api/me").status()).isEqualTo(401);
        return client;
    }

    @Test
    @Tag("ID-05")
    @DisplayName("a person enrols TOTP by QR code, signs in with a code or a single-use backup code; replayed, "
            + "wrong and reused codes are refused and audited, and five wrong codes need the password again")
    void totpWithBackupCodes() {
        SignedIn person = signUp("Second Factor Person");
        String factor = "/api/me/second-factor";
        assertThat(person.client().get(factor).json().path("enabled").asBoolean()).isFalse();
        assertThat(person.client().post(factor + "/enrolment", Map.of("password", "wrong")).status()).isEqualTo(403);

        var enrolment = person.client().post(factor + "/enrolment", Map.of("password", PASSWORD));
        assertThat(enrolment.status()).as(enrolment.body()).isEqualTo(201);
        String secret = enrolment.text("secret");
        assertThat(enrolment.text("otpauthUri")).startsWith("otpauth://totp/Custos%3A")
                .contains("secret=" + secret, "issuer=Custos", "digits=6", "period=30");
        assertThat(enrolment.text("qrCodeSvg")).startsWith("<svg").contains("<path");
        assertThat(asOwner().sql("SELECT secret FROM totp_factors WHERE person_id = :p").param("p", person.personId())
                .query((rs, n) -> new String(rs.getBytes(1), StandardCharsets.ISO_8859_1)).single())
                .as("sealed at rest").doesNotContain(secret);
        assertThat(person.client().get(factor).json().path("enabled").asBoolean()).as("not before confirmed").isFalse();

        assertThat(person.client().post(factor + "/confirmation", Map.of("code", wrongCode(secret))).problemType())
                .isEqualTo("/problems/invalid-code");
        String confirmationCode = Totp.code(Totp.fromBase32(secret), Totp.step(Instant.now()));
        var confirmed = person.client().post(factor + "/confirmation", Map.of("code", confirmationCode));
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        List<String> backup = new ArrayList<>();
        confirmed.json().path("backupCodes").forEach(code -> backup.add(code.asString()));
        assertThat(backup).hasSize(10).doesNotHaveDuplicates();
        assertThat(person.client().get(factor).json().path("backupCodesLeft").asInt()).isEqualTo(10);

        // Sign in: the password alone is not enough; a code already used is refused; a fresh one signs in.
        ApiClient laptop = passwordStep(person);
        var replayed = laptop.post("/api/auth/sign-in/second-factor", Map.of("code", confirmationCode));
        assertThat(replayed.problemType()).isEqualTo("/problems/invalid-second-factor");
        var second = laptop.post("/api/auth/sign-in/second-factor", Map.of("code", nextCode(secret)));
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(laptop.get("/api/me").status()).isEqualTo(200);

        // A backup code works once.
        ApiClient phone = passwordStep(person);
        assertThat(phone.post("/api/auth/sign-in/second-factor", Map.of("code", backup.getFirst())).status())
                .isEqualTo(200);
        ApiClient tablet = passwordStep(person);
        assertThat(tablet.post("/api/auth/sign-in/second-factor", Map.of("code", backup.getFirst())).problemType())
                .as("spent").isEqualTo("/problems/invalid-second-factor");
        assertThat(person.client().get(factor).json().path("backupCodesLeft").asInt()).isEqualTo(9);

        // Five wrong codes end the wait: even a good code then needs the password again. (A fresh account: wrong
        // codes also count against the account, like wrong passwords.)
        SignedIn guessed = signUp("Second Factor Guessed");
        turnOn(guessed);
        ApiClient guesser = passwordStep(guessed);
        for (int attempt = 1; attempt < SecondFactorSignIn.MAX_FAILURES; attempt++) {
            assertThat(guesser.post("/api/auth/sign-in/second-factor", Map.of("code", "guess" + attempt))
                    .problemType()).isEqualTo("/problems/invalid-second-factor");
        }
        assertThat(guesser.post("/api/auth/sign-in/second-factor", Map.of("code", "guess5")).problemType())
                .isEqualTo("/problems/second-factor-failed");
        assertThat(guesser.post("/api/auth/sign-in/second-factor", Map.of("code", backup.get(1))).problemType())
                .isEqualTo("/problems/second-factor-expired");
        assertThat(anonymous().post("/api/auth/sign-in/second-factor", Map.of("code", backup.get(1))).problemType())
                .as("no password step at all").isEqualTo("/problems/second-factor-expired");
        assertThat(asOwner().sql("""
                        SELECT count(*) FROM audit_log WHERE action = 'auth.second_factor' AND outcome = 'failure'
                          AND actor_id = :p""").param("p", guessed.personId()).query(Long.class).single())
                .isEqualTo(SecondFactorSignIn.MAX_FAILURES);
        assertThat(person.client().get(factor).json().path("backupCodesLeft").asInt())
                .as("refusals spent nothing").isEqualTo(9);
        assertThat(anonymous().post("/api/auth/sign-in", Map.of("email", guessed.email(), "password", PASSWORD))
                .problemType()).as("and the account now waits, as after wrong passwords")
                .isEqualTo("/problems/sign-in-throttled");
    }

    @Test
    @Tag("ID-05")
    @DisplayName("the sign-in page asks for the code after the password; backup codes can be replaced and the "
            + "second factor removed, with the password and a code")
    void pagesReplacementAndRemoval() {
        SignedIn person = signUp("Second Factor Page Person");
        String factor = "/api/me/second-factor";
        String secret = person.client().post(factor + "/enrolment", Map.of("password", PASSWORD)).text("secret");
        List<String> backup = new ArrayList<>();
        person.client().post(factor + "/confirmation", Map.of("code", nextCode(secret))).json().path("backupCodes")
                .forEach(code -> backup.add(code.asString()));

        ApiClient browser = anonymous();
        var password = browser.postForm("/signin", Map.of("email", person.email(), "password", PASSWORD));
        assertThat(password.status()).isEqualTo(302);
        assertThat(password.headers().firstValue("Location").orElseThrow()).endsWith("/signin/second-factor");
        assertThat(browser.get("/api/me").status()).as("not signed in by the password alone").isEqualTo(401);
        assertThat(browser.get("/signin/second-factor").body()).contains("authenticator app");
        assertThat(browser.postForm("/signin/second-factor", Map.of("code", "nope")).body())
                .contains("The code is not correct");
        var signedIn = browser.postForm("/signin/second-factor", Map.of("code", backup.getFirst()));
        assertThat(signedIn.status()).isEqualTo(302);
        assertThat(browser.get("/api/me").status()).isEqualTo(200);

        var replaced = person.client().post(factor + "/backup-codes", Map.of("password", PASSWORD));
        assertThat(replaced.json().path("backupCodes").size()).isEqualTo(10);
        ApiClient old = passwordStep(person);
        assertThat(old.post("/api/auth/sign-in/second-factor", Map.of("code", backup.get(1))).problemType())
                .as("replaced codes stop working").isEqualTo("/problems/invalid-second-factor");

        String fresh = replaced.json().path("backupCodes").get(0).asString();
        assertThat(person.client().post(factor + "/removal", Map.of("password", PASSWORD, "code", "000000x"))
                .status()).isEqualTo(403);
        assertThat(person.client().get(factor).json().path("enabled").asBoolean()).isTrue();
        assertThat(person.client().post(factor + "/removal", Map.of("password", PASSWORD, "code", fresh)).status())
                .isEqualTo(204);
        var plain = anonymous().post("/api/auth/sign-in", Map.of("email", person.email(), "password", PASSWORD));
        assertThat(plain.json().path("secondFactorRequired").asBoolean()).isFalse();
        assertThat(plain.json().has("personId")).isTrue();
    }

    /** Turns TOTP on for a person signed in; returns the secret. */
    static String turnOn(SignedIn person) {
        String secret = person.client().post("/api/me/second-factor/enrolment", Map.of("password", PASSWORD))
                .text("secret");
        assertThat(person.client().post("/api/me/second-factor/confirmation", Map.of("code", nextCode(secret)))
                .status()).isEqualTo(200);
        return secret;
    }

    @Test
    @Tag("ID-05")
    @DisplayName("a workspace that requires a second factor refuses members without one, signed in or by API key, "
            + "until they turn one on; whoever requires it must have one")
    void workspaceRequiresSecondFactor() {
        SignedIn owner = signUp("Strict Owner");
        java.util.UUID workspace = createWorkspace(owner, "Strict");
        SignedIn member = addMember(owner, workspace, "member", "Strict Member");
        String key = createApiKey(member, workspace, "read");
        String requirement = "/api/workspaces/" + workspace + "/second-factor-requirement";

        assertThat(owner.client().put(requirement, Map.of("required", true)).problemType())
                .as("not without one's own").isEqualTo("/problems/second-factor-off");
        assertThat(member.client().put(requirement, Map.of("required", true)).status()).isEqualTo(403);
        turnOn(owner);
        var required = owner.client().put(requirement, Map.of("required", true));
        assertThat(required.status()).as(required.body()).isEqualTo(200);
        assertThat(required.json().path("required").asBoolean()).isTrue();

        var refused = member.client().get("/api/workspaces/" + workspace);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.problemType()).isEqualTo("/problems/second-factor-required");
        assertThat(ApiClient.withApiKey(port, key).get("/api/workspaces/" + workspace).problemType())
                .isEqualTo("/problems/second-factor-required");
        assertThat(owner.client().get("/api/workspaces/" + workspace).status()).isEqualTo(200);
        SignedIn stranger = signUp("Strict Stranger");
        assertThat(stranger.client().get(requirement).status()).as("others learn nothing").isEqualTo(404);

        turnOn(member);
        assertThat(member.client().get("/api/workspaces/" + workspace).status()).isEqualTo(200);
        assertThat(ApiClient.withApiKey(port, key).get("/api/workspaces/" + workspace).status()).isEqualTo(200);
    }
}
