package dev.custos.identity;

import java.util.UUID;

import dev.custos.support.ApiClient;
import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bulk scraping of the API is slowed per key and per address, at the limits every installation has by default
 * (600 requests a minute per key, 300 per address): a few seconds of requests reach them.
 */
class RateLimitTest extends CustosIntegrationTest {

    private static final int PER_KEY = 600;
    private static final int PER_ADDRESS = 300;

    /** The most a bucket can have served by now: its size, and what it refilled while the loop ran. */
    private static int most(int perMinute, long startedNanos) {
        return perMinute + (int) Math.ceil((System.nanoTime() - startedNanos) / 60e9 * perMinute) + 1;
    }

    @Test
    @Tag("SC-07")
    @DisplayName("an API key or an address over its rate gets 429 with Retry-After, audited; other keys and "
            + "addresses are unaffected")
    void scrapingIsRateLimited() {
        SignedIn owner = signUp("Rate Owner");
        UUID workspace = createWorkspace(owner, "Scraped");
        ApiClient scraper = ApiClient.withApiKey(port, createApiKey(owner, workspace, "read"));
        ApiClient polite = ApiClient.withApiKey(port, createApiKey(owner, workspace, "read"));
        int served = 0;
        ApiClient.Response refused = null;
        long started = System.nanoTime();
        for (int i = 0; i < 3 * PER_KEY && refused == null; i++) {
            var response = scraper.get("/api/workspaces/" + workspace + "/members");
            if (response.status() == 429) {
                refused = response;
            } else {
                assertThat(response.status()).isEqualTo(200);
                served++;
            }
        }
        assertThat(refused).as("stopped").isNotNull();
        assertThat(served).isBetween(PER_KEY, most(PER_KEY, started));
        assertThat(refused.problemType()).isEqualTo("/problems/rate-limited");
        assertThat(Integer.parseInt(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1, 60);
        assertThat(polite.get("/api/workspaces/" + workspace + "/members").status()).as("another key").isEqualTo(200);

        ApiClient anonymousScraper = anonymous().from("192.0.2.44");
        int servedAnonymously = 0;
        started = System.nanoTime();
        for (int i = 0; i < 3 * PER_ADDRESS; i++) {
            if (anonymousScraper.get("/api/privacy/sub-processors").status() == 429) {
                break;
            }
            servedAnonymously++;
        }
        assertThat(servedAnonymously).as("per address").isBetween(PER_ADDRESS, most(PER_ADDRESS, started));
        assertThat(anonymous().from("192.0.2.45").get("/api/privacy/sub-processors").status()).isNotEqualTo(429);
        assertThat(asOwner().sql("SELECT count(*) FROM audit_log WHERE action = 'misuse.rate_limited'")
                .query(Long.class).single()).isGreaterThanOrEqualTo(2);
    }
}
