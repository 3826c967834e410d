package dev.custos.identity;

import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every response carries the headers that keep a browser from being turned against the person using it. */
class SecurityHeadersTest extends CustosIntegrationTest {

    @Test
    @DisplayName("pages and the API send a script- and style-tight content security policy, refuse framing, "
            + "keep the referrer on the site and forbid MIME sniffing")
    void securityHeaders() {
        for (String path : new String[] {"/signin", "/privacy", "/api/auth/csrf"}) {
            var headers = anonymous().get(path).headers();
            String csp = headers.firstValue("Content-Security-Policy").orElseThrow();
            assertThat(csp).as(path).contains("default-src 'self'", "frame-ancestors 'none'", "object-src 'none'")
                    .doesNotContain("unsafe-inline", "unsafe-eval");
            assertThat(headers.firstValue("Referrer-Policy")).as(path).hasValue("same-origin");
            assertThat(headers.firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            assertThat(headers.firstValue("X-Frame-Options")).as(path).hasValue("DENY");
        }
        SignedIn person = signUp("Headers Person");
        assertThat(person.client().get("/").headers().firstValue("Cache-Control").orElseThrow())
                .as("personal pages are not cached").contains("no-store");
    }

    @Test
    @DisplayName("behind a TLS-terminating proxy, responses carry HSTS and every cookie is Secure; over plain HTTP "
            + "HSTS is not sent")
    void behindTls() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var overTls = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port
                        + "/api/auth/csrf")).header("X-Forwarded-Proto", "https").header("X-Forwarded-For",
                        "198.51.100.200").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(overTls.headers().firstValue("Strict-Transport-Security").orElseThrow())
                .contains("max-age=").contains("includeSubDomains");
        var cookies = overTls.headers().allValues("Set-Cookie");
        assertThat(cookies).isNotEmpty().allSatisfy(cookie -> assertThat(cookie).contains("Secure"));
        assertThat(anonymous().get("/api/auth/csrf").headers().firstValue("Strict-Transport-Security")).isEmpty();
    }
}
