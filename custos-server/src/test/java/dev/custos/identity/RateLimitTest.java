package dev.custos.identity;

import java.util.UUID;

import dev.custos.support.ApiClient;
import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Bulk scraping of the API is slowed per key and per address; a server with low limits shows it quickly. */
@DirtiesContext
@TestPropertySource(properties = {
        "custos.database.data-directory=target/test-postgres-rate",
        "custos.api.rate-limit.per-key-per-minute=20",
        "custos.api.rate-limit.per-address-per-minute=30"})
class RateLimitTest extends CustosIntegrationTest {

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
        for (int i = 0; i < 40 && refused == null; i++) {
            var response = scraper.get("/api/workspaces/" + workspace + "/members");
            if (response.status() == 429) {
                refused = response;
            } else {
                assertThat(response.status()).isEqualTo(200);
                served++;
            }
        }
        assertThat(refused).as("stopped").isNotNull();
        assertThat(served).isBetween(20, 21);
        assertThat(refused.problemType()).isEqualTo("/problems/rate-limited");
        assertThat(Integer.parseInt(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1, 60);
        assertThat(polite.get("/api/workspaces/" + workspace + "/members").status()).as("another key").isEqualTo(200);

        ApiClient anonymousScraper = anonymous().from("192.0.2.44");
        long refusedAnonymously = 0;
        for (int i = 0; i < 40; i++) {
            if (anonymousScraper.get("/api/privacy/sub-processors").status() == 429) {
                refusedAnonymously++;
            }
        }
        assertThat(refusedAnonymously).as("per address").isPositive();
        assertThat(anonymous().from("192.0.2.45").get("/api/privacy/sub-processors").status()).isNotEqualTo(429);
        assertThat(asOwner().sql("SELECT count(*) FROM audit_log WHERE action = 'misuse.rate_limited'")
                .query(Long.class).single()).isGreaterThanOrEqualTo(2);
    }
}
