package dev.custos.billing;

import java.util.Map;
import java.util.UUID;

import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** An installation that bills nobody (the default): no billing anywhere, every feature, no plan's limits. */
class BillingOffTest extends CustosIntegrationTest {

    @Test
    @Tag("BL-01")
    @DisplayName("with no payment processor configured, billing answers 404 billing-off, no page links to it, the "
            + "period's usage names no plan, and every feature works")
    void nothingShows() {
        SignedIn owner = signUp("Self Hoster");
        UUID workspace = createWorkspace(owner, "Our Own");
        for (String path : java.util.List.of("/billing", "/billing/invoices")) {
            var off = owner.client().get("/api/workspaces/" + workspace + path);
            assertThat(off.status()).isEqualTo(404);
            assertThat(off.text("type")).endsWith("/problems/billing-off");
        }
        assertThat(owner.client().post("/api/workspaces/" + workspace + "/billing/checkout", Map.of("plan", "team"))
                .status()).isEqualTo(404);
        assertThat(anonymous().post("/integrations/stripe/events", Map.of("id", "evt_1")).status()).isEqualTo(404);
        assertThat(owner.client().get("/workspaces/" + workspace).body()).as("the sidebar").contains("/agents")
                .doesNotContain("/billing");
        var period = owner.client().get("/api/workspaces/" + workspace + "/usage/period").json();
        assertThat(period.has("plan")).isFalse();
        assertThat(period.has("limits")).isFalse();
        assertThat(owner.client().post("/api/workspaces/" + workspace + "/knowledge-bases", Map.of("name", "Docs"))
                .status()).isEqualTo(201);
        assertThat(owner.client().put("/api/workspaces/" + workspace + "/retention", Map.of("runLogDays", 30))
                .status()).isEqualTo(200);
    }
}
