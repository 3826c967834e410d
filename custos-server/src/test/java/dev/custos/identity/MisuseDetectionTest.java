package dev.custos.identity;

import java.util.List;
import java.util.Map;

import dev.custos.identity.throttle.SignInThrottle;
import dev.custos.support.ApiClient;
import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Brute force against one account and credential stuffing across many are slowed and stopped, and audited. */
class MisuseDetectionTest extends CustosIntegrationTest {

    /** Time passes for the account's attempts (they are moved into the past), instead of the test sleeping. */
    private void passTime(SignedIn person, double seconds) {
        asOwner().sql("""
                UPDATE sign_in_attempts SET attempted_at = attempted_at - make_interval(secs => :s)
                WHERE account_hash = :account""")
                .param("s", seconds).param("account", SignInThrottle.account(person.email())).update();
    }

    private ApiClient from(String address) {
        return anonymous().from(address);
    }

    @Test
    @Tag("SC-07")
    @DisplayName("sixty simultaneous wrong passwords on one account are counted one after another: only the free "
            + "failures get through, and the owner's wait stays short")
    void simultaneousGuessesAreCountedAtomically() throws Exception {
        SignedIn person = signUp("Raced Person");
        List<java.util.concurrent.Callable<ApiClient.Response>> guesses = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String guess = "wrong-guess-" + i;
            guesses.add(() -> from("198.51.100.40").post("/api/auth/sign-in",
                    Map.of("email", person.email(), "password", guess)));
        }
        List<ApiClient.Response> answers = new java.util.ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(60)) {
            for (var answer : pool.invokeAll(guesses)) {
                answers.add(answer.get());
            }
        }
        long tried = answers.stream().filter(answer -> answer.status() == 401).count();
        assertThat(tried).as("guesses that reached the password check").isBetween(
                (long) SignInThrottle.ACCOUNT_FREE_FAILURES, SignInThrottle.ACCOUNT_FREE_FAILURES + 3L);
        assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).isIn(401, 429));
        int longestWait = answers.stream().filter(answer -> answer.status() == 429)
                .mapToInt(answer -> Integer.parseInt(answer.headers().firstValue("Retry-After").orElseThrow()))
                .max().orElseThrow();
        assertThat(longestWait).as("no quarter-hour lockout from one burst").isLessThanOrEqualTo(16);
    }

    @Test
    @Tag("SC-07")
    @DisplayName("repeated failures on one account make the next try wait, from any address, with 429 and "
            + "Retry-After; the wait doubles and ends, and the right password then works")
    void bruteForceOnOneAccount() {
        SignedIn person = signUp("Brute Forced Person");
        ApiClient attacker = from("198.51.100.10");
        for (int i = 0; i < SignInThrottle.ACCOUNT_FREE_FAILURES; i++) {
            assertThat(attacker.post("/api/auth/sign-in", Map.of("email", person.email(), "password", "guess" + i))
                    .status()).isEqualTo(401);
        }
        var waiting = attacker.post("/api/auth/sign-in", Map.of("email", person.email(), "password", PASSWORD));
        assertThat(waiting.status()).as("even the right password waits").isEqualTo(429);
        assertThat(waiting.problemType()).isEqualTo("/problems/sign-in-throttled");
        assertThat(Integer.parseInt(waiting.headers().firstValue("Retry-After").orElseThrow())).isBetween(1, 900);
        assertThat(from("198.51.100.11").post("/api/auth/sign-in", Map.of("email", person.email(), "password",
                PASSWORD)).status()).as("the account waits, whatever the address").isEqualTo(429);
        assertThat(person.client().get("/api/me").status()).as("sessions already open are untouched").isEqualTo(200);

        passTime(person, 1.1); // the first wait is one second
        assertThat(attacker.post("/api/auth/sign-in", Map.of("email", person.email(), "password", "again"))
                .status()).isEqualTo(401);
        var longer = attacker.post("/api/auth/sign-in", Map.of("email", person.email(), "password", PASSWORD));
        assertThat(longer.status()).isEqualTo(429);
        assertThat(Integer.parseInt(longer.headers().firstValue("Retry-After").orElseThrow()))
                .as("the wait doubled").isGreaterThanOrEqualTo(2);

        passTime(person, 2.1);
        assertThat(from("198.51.100.12").post("/api/auth/sign-in", Map.of("email", person.email(), "password",
                PASSWORD)).status()).as("not a permanent lockout").isEqualTo(200);
        assertThat(asOwner().sql("SELECT count(*) FROM audit_log WHERE action = 'misuse.sign_in_throttled'")
                .query(Long.class).single()).isPositive();
    }

    @Test
    @Tag("SC-07")
    @DisplayName("one address failing on many accounts is credential stuffing: it is stopped, on the API and the "
            + "sign-in page, and audited, while others sign in")
    void credentialStuffing() {
        SignedIn victim = signUp("Stuffing Victim");
        ApiClient stuffer = from("203.0.113.66");
        int refusedAt = -1;
        for (int i = 0; i < 40 && refusedAt < 0; i++) {
            var attempt = stuffer.post("/api/auth/sign-in", Map.of("email", "leaked" + i + "@example.net",
                    "password", "Password123!"));
            if (attempt.status() == 429) {
                refusedAt = i;
            } else {
                assertThat(attempt.status()).isEqualTo(401);
            }
        }
        assertThat(refusedAt).as("stopped after " + SignInThrottle.STUFFING_ACCOUNTS + " accounts")
                .isEqualTo(SignInThrottle.STUFFING_ACCOUNTS);
        assertThat(stuffer.post("/api/auth/sign-in", Map.of("email", victim.email(), "password", PASSWORD))
                .status()).as("the address is stopped, even with a right password").isEqualTo(429);
        var page = stuffer.postForm("/signin", Map.of("email", victim.email(), "password", PASSWORD));
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location").orElseThrow()).endsWith("/signin?throttled");
        assertThat(from("203.0.113.67").post("/api/auth/sign-in", Map.of("email", victim.email(), "password",
                PASSWORD)).status()).as("others are not").isEqualTo(200);
        assertThat(asOwner().sql("SELECT count(*) FROM audit_log WHERE action = 'misuse.credential_stuffing'")
                .query(Long.class).single()).isPositive();
        assertThat(asOwner().sql("SELECT count(*) FROM sign_in_attempts WHERE account_hash LIKE '%@%' "
                + "OR address_hash LIKE '203.%'").query(Long.class).single()).as("only pseudonyms kept").isZero();
    }
}
