package dev.custos.identity;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Oversized request headers are refused with a clear problem and audited, once a minute per address. */
class HeaderSizeLimitTest extends CustosIntegrationTest {

    private HttpResponse<String> withCookieOf(int bytes, String address) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/auth/csrf")).header("X-Forwarded-For", address).header("Accept", "application/json")
                .header("Cookie", "junk=" + "x".repeat(bytes)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private long refusals() {
        return asOwner().sql("SELECT count(*) FROM audit_log WHERE action = 'http.request_refused' "
                + "AND details::jsonb->>'reason' = 'headers_too_large'").query(Long.class).single();
    }

    @Test
    @DisplayName("headers over 16 KB get 431 problem+json, audited once a minute per address; smaller ones pass")
    void oversizedHeadersRefused() throws Exception {
        String address = "10.99.0." + (1 + (int) (Math.random() * 250));
        long before = refusals();
        assertThat(withCookieOf(8 * 1024, address).statusCode()).isEqualTo(200);
        HttpResponse<String> refused = withCookieOf(20 * 1024, address);
        assertThat(refused.statusCode()).isEqualTo(431);
        assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).contains("application/problem+json");
        assertThat(refused.body()).contains("/problems/headers-too-large").doesNotContain("xxxx");
        assertThat(withCookieOf(20 * 1024, address).statusCode()).isEqualTo(431);
        assertThat(refusals() - before).as("audited once for the address this minute").isEqualTo(1);
    }
}
