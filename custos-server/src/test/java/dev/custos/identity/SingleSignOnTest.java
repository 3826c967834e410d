package dev.custos.identity;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.custos.fakes.FakeOidcProvider;
import dev.custos.fakes.FakeOidcProvider.Identity;
import dev.custos.fakes.FakeOidcProvider.Misbehaviour;
import dev.custos.support.ApiClient;
import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Single sign-on with OpenID Connect (ID-04), end to end against a provider on a real port that signs real JWTs:
 * Custos redirects with PKCE, exchanges the code with its vault-held secret, checks the ID token against the
 * provider's keys, and signs the right person in — or refuses, audited, and changes nothing.
 */
@Tag("ID-04")
class SingleSignOnTest extends CustosIntegrationTest {

    private static final String CLIENT_SECRET = "acme-client-secret-" + UUID.randomUUID();
    private static FakeOidcProvider acme;
    private static String providerName;

    /** The browser's trip to the provider: it follows redirects there, as the provider is not Custos. */
    private final HttpClient browserAtProvider = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @BeforeAll
    static void startProvider() throws Exception {
        acme = FakeOidcProvider.start("custos-client", CLIENT_SECRET);
    }

    @AfterAll
    static void stopProvider() {
        acme.close();
    }

    @BeforeEach
    void registerProvider() {
        if (providerName == null) {
            providerName = "acme-" + UUID.randomUUID().toString().substring(0, 6);
            var registered = installationAdmin().client().post("/api/admin/sso-providers", Map.of("name", providerName,
                    "label", "Acme ID", "issuerUrl", acme.issuer().toString(), "clientId", "custos-client",
                    "clientSecret", CLIENT_SECRET));
            assertThat(registered.status()).as(registered.body()).isEqualTo(201);
            assertThat(registered.body()).doesNotContain(CLIENT_SECRET);
        }
    }

    @AfterEach
    void behave() {
        acme.misbehave(Misbehaviour.NONE);
    }

    /** Where the sign-in ended, and the browser that went through it. */
    private record Outcome(ApiClient browser, String finalLocation, String sentToProvider) {
    }

    /** Clicks "Sign in with Acme ID" and follows the redirects, as a browser would. */
    private Outcome signInWithProvider(ApiClient browser) throws Exception {
        var start = browser.get("/oauth2/authorization/" + providerName);
        assertThat(start.status()).as(start.body()).isEqualTo(302);
        String authorize = start.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> atProvider = browserAtProvider.send(HttpRequest.newBuilder(URI.create(authorize)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(atProvider.statusCode()).isEqualTo(302);
        String callback = atProvider.headers().firstValue("Location").orElseThrow();
        var back = browser.get(pathOf(callback));
        assertThat(back.status()).as(back.body()).isEqualTo(302);
        return new Outcome(browser, back.headers().firstValue("Location").orElseThrow(), authorize);
    }

    private static String pathOf(String url) {
        URI uri = URI.create(url);
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    private static Map<String, String> query(String url) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            String[] parts = pair.split("=", 2);
            values.put(parts[0], URLDecoder.decode(parts.length > 1 ? parts[1] : "", StandardCharsets.UTF_8));
        }
        return values;
    }

    private long failures(String reason) {
        return asOwner().sql("""
                        SELECT count(*) FROM audit_log WHERE action = 'auth.sign_in' AND outcome = 'failure'
                          AND details::jsonb->>'method' = 'oidc' AND details::jsonb->>'reason' = :reason""")
                .param("reason", reason).query(Long.class).single();
    }

    @Test
    @DisplayName("a person with an account signs in through the provider: linked by verified email the first time, "
            + "by the provider's subject after that")
    void existingAccountSignsIn() throws Exception {
        SignedIn alice = signUp("Alice Sso");
        String subject = "acme-" + UUID.randomUUID();
        acme.nextSignIn(new Identity(subject, alice.email(), true, "Alice Sso"));

        Outcome first = signInWithProvider(anonymous());
        assertThat(first.finalLocation()).endsWith("/");
        Map<String, String> sent = query(first.sentToProvider());
        assertThat(sent).containsKeys("state", "nonce", "code_challenge").containsEntry("code_challenge_method", "S256")
                .containsEntry("client_id", "custos-client");
        assertThat(sent.get("scope")).contains("openid");
        var me = first.browser().get("/api/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.text("id")).isEqualTo(alice.personId().toString());
        FakeOidcProvider.TokenRequest exchange = acme.tokenRequests().getLast();
        assertThat(exchange.clientAuthenticated()).as("the secret from the vault was sent").isTrue();
        assertThat(exchange.verifierMatched()).as("the PKCE verifier was proven").isTrue();

        // The provider's email changes; the subject still names Alice.
        acme.nextSignIn(new Identity(subject, "alice.renamed@acme.example", true, "Alice Sso"));
        Outcome again = signInWithProvider(anonymous());
        assertThat(again.browser().get("/api/me").text("id")).isEqualTo(alice.personId().toString());
        assertThat(alice.client().get("/api/me/sso-identities").json().get(0).path("provider").asString())
                .isEqualTo(providerName);
        assertThat(asOwner().sql("""
                        SELECT count(*) FROM audit_log WHERE action = 'auth.sign_in' AND actor_id = :p
                          AND outcome = 'success' AND details::jsonb->>'method' = 'oidc'""")
                .param("p", alice.personId()).query(Long.class).single()).isEqualTo(2);
    }

    @Test
    @DisplayName("someone without an account needs an invitation: the provider's verified email becomes theirs")
    void newPersonNeedsAnInvitation() throws Exception {
        String email = "newcomer." + UUID.randomUUID().toString().substring(0, 8) + "@acme.example";
        acme.nextSignIn(new Identity("acme-" + UUID.randomUUID(), email, true, "New Comer"));
        Outcome outcome = signInWithProvider(anonymous());
        assertThat(outcome.finalLocation()).endsWith("/signup/sso");
        ApiClient browser = outcome.browser();
        assertThat(browser.get("/api/me").status()).as("not signed in without an account").isEqualTo(401);
        assertThat(browser.get("/api/auth/sign-up/sso").text("email")).isEqualTo(email);

        var noCode = browser.post("/api/auth/sign-up/sso", Map.of("code", "not-a-code", "name", "New Comer",
                "password", PASSWORD, "ageConfirmed", true));
        assertThat(noCode.problemType()).isEqualTo("/problems/invitation-invalid");
        assertThat(asOwner().sql("SELECT count(*) FROM people WHERE lower(email) = lower(:e)").param("e", email)
                .query(Long.class).single()).isZero();

        var signedUp = browser.post("/api/auth/sign-up/sso", Map.of("code", invitations.issue(null).code(),
                "name", "New Comer", "password", PASSWORD, "ageConfirmed", true));
        assertThat(signedUp.status()).as(signedUp.body()).isEqualTo(201);
        var me = browser.get("/api/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.text("email")).isEqualTo(email);
    }

    @Test
    @DisplayName("an email the provider did not verify links nobody, so it cannot take over an account")
    void unverifiedEmailLinksNobody() throws Exception {
        SignedIn bob = signUp("Bob Target");
        acme.nextSignIn(new Identity("attacker-" + UUID.randomUUID(), bob.email(), false, "Bob Target"));
        Outcome outcome = signInWithProvider(anonymous());
        assertThat(outcome.finalLocation()).contains("/signin?ssoError=unverified");
        assertThat(outcome.browser().get("/api/me").status()).isEqualTo(401);
        assertThat(bob.client().get("/api/me/sso-identities").json().size()).isZero();
        assertThat(failures("email_unverified")).isPositive();
    }

    @Test
    @DisplayName("a tampered state, a token for another nonce, a forged signature or a token for another client are "
            + "refused, audited, and sign nobody in")
    void protocolViolationsAreRefused() throws Exception {
        SignedIn carol = signUp("Carol Sso");
        acme.nextSignIn(new Identity("acme-" + UUID.randomUUID(), carol.email(), true, "Carol Sso"));

        // A callback whose state this browser never sent (a forged or replayed link).
        ApiClient browser = anonymous();
        var start = browser.get("/oauth2/authorization/" + providerName);
        HttpResponse<String> atProvider = browserAtProvider.send(HttpRequest.newBuilder(
                URI.create(start.headers().firstValue("Location").orElseThrow())).build(),
                HttpResponse.BodyHandlers.ofString());
        String callback = pathOf(atProvider.headers().firstValue("Location").orElseThrow());
        String tampered = callback.replaceAll("state=[^&]+", "state=forged");
        var refused = browser.get(tampered);
        assertThat(refused.headers().firstValue("Location").orElseThrow()).contains("ssoError=state");
        assertThat(browser.get("/api/me").status()).isEqualTo(401);
        assertThat(failures("authorization_request_not_found") + failures("invalid_state_parameter")).isPositive();

        for (var misbehaviour : Map.of(Misbehaviour.WRONG_NONCE, "nonce", Misbehaviour.FORGED_SIGNATURE, "token",
                Misbehaviour.OTHER_AUDIENCE, "token", Misbehaviour.EXPIRED, "token").entrySet()) {
            acme.misbehave(misbehaviour.getKey());
            Outcome outcome = signInWithProvider(anonymous());
            assertThat(outcome.finalLocation()).as(misbehaviour.getKey().name())
                    .contains("ssoError=" + misbehaviour.getValue());
            assertThat(outcome.browser().get("/api/me").status()).as(misbehaviour.getKey().name()).isEqualTo(401);
        }
        assertThat(failures("invalid_nonce")).isPositive();
        assertThat(failures("invalid_id_token")).isGreaterThanOrEqualTo(3);
        assertThat(carol.client().get("/api/me/sso-identities").json().size()).as("nothing linked").isZero();
        var page = anonymous().get("/signin?ssoError=token");
        assertThat(page.body()).contains("could not be verified");
    }

    @Test
    @DisplayName("a person with a second factor still enters it after the provider vouches for them")
    void secondFactorStillAsked() throws Exception {
        SignedIn dana = signUp("Dana Sso");
        SecondFactorTest.turnOn(dana);
        acme.nextSignIn(new Identity("acme-" + UUID.randomUUID(), dana.email(), true, "Dana Sso"));
        Outcome outcome = signInWithProvider(anonymous());
        assertThat(outcome.finalLocation()).endsWith("/signin/second-factor");
        assertThat(outcome.browser().get("/api/me").status()).isEqualTo(401);
    }

    @Test
    @DisplayName("only installation administrators register providers, which must publish a matching OpenID "
            + "configuration; an unknown provider is refused on the sign-in page")
    void registryRefusals() {
        SignedIn someone = signUp("Not Admin Sso");
        var body = Map.of("name", "other-idp", "label", "Other", "issuerUrl", acme.issuer().toString(),
                "clientId", "x", "clientSecret", "y");
        assertThat(someone.client().post("/api/admin/sso-providers", body).status()).isEqualTo(403);
        var wrongIssuer = installationAdmin().client().post("/api/admin/sso-providers", Map.of("name", "wrong-issuer",
                "label", "Wrong", "issuerUrl", acme.issuer() + "/elsewhere", "clientId", "x"));
        assertThat(wrongIssuer.problemType()).isEqualTo("/problems/sso-discovery-failed");
        assertThat(installationAdmin().client().post("/api/admin/sso-providers", Map.of("name", "Bad Name",
                "label", "B", "issuerUrl", acme.issuer().toString(), "clientId", "x")).problemType())
                .isEqualTo("/problems/invalid-sso-provider-name");
        assertThat(installationAdmin().client().get("/api/admin/sso-providers").body()).doesNotContain(CLIENT_SECRET)
                .doesNotContain("wrong-issuer");
        assertThat(anonymous().get("/api/auth/sso-providers").body()).contains(providerName);

        var unknown = anonymous().get("/oauth2/authorization/no-such-provider");
        assertThat(unknown.status()).isEqualTo(302);
        assertThat(unknown.headers().firstValue("Location").orElseThrow()).contains("ssoError=unknown");
    }
}
