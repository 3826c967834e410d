package dev.custos.billing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.fakes.FakeStripe;
import dev.custos.platform.WorkspaceId;
import dev.custos.usage.BillingOnTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A billing period's usage, shown against the plan and reported to the processor's meters once (BL-02). */
class UsageReportingTest extends BillingOnTest {

    @Autowired
    UsageReports reports;

    @BeforeEach
    void webhooksToThisServer() {
        STRIPE.deliverTo(URI.create("http://127.0.0.1:" + port + "/integrations/stripe/events"));
    }

    private long reported(String customer, String meter) {
        return STRIPE.meterEvents().stream().filter(event -> event.path("event_name").asString().equals(meter))
                .filter(event -> event.path("payload").path("stripe_customer_id").asString().equals(customer))
                .mapToLong(event -> Long.parseLong(event.path("payload").path("value").asString())).sum();
    }

    @Test
    @Tag("BL-02")
    @DisplayName("the month's runs and tokens are shown against the plan's limits, and reach the processor's meters "
            + "exactly once: an outage delays a report, a report sent again after a crash is not counted twice")
    void reportedOnce() throws Exception {
        SignedIn owner = signUp("Metered Owner");
        UUID workspace = createWorkspace(owner, "Metered");
        var checkout = owner.client().post("/api/workspaces/" + workspace + "/billing/checkout", Map.of("plan", "team"));
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(checkout.text("url")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("cardnumber=" + FakeStripe.GOOD_CARD)).build(),
                HttpResponse.BodyHandlers.discarding());
        String customer = asOwner().sql("SELECT customer_id FROM billing_accounts WHERE workspace_id = :w")
                .param("w", workspace).query(String.class).single();
        String agents = "/api/workspaces/" + workspace + "/agents";
        var agent = owner.client().post(agents, Map.of("name", "Helper", "instructions", "Be helpful.", "model",
                "offline/scripted-demo", "tools", List.of(), "approvalTools", List.of(), "redaction", false));
        for (int run = 0; run < 3; run++) {
            assertThat(owner.client().post(agents + "/" + agent.text("id") + "/sessions", Map.of("message", "hello"))
                    .status()).isEqualTo(201);
        }
        var period = owner.client().get("/api/workspaces/" + workspace + "/usage/period");
        assertThat(period.status()).isEqualTo(200);
        assertThat(period.json().path("used").path("runs").asLong()).isEqualTo(3);
        assertThat(period.json().path("plan").path("id").asString()).isEqualTo("team");
        assertThat(owner.client().get("/api/workspaces/" + workspace + "/usage/period?month=12-2026").status())
                .isEqualTo(400);

        STRIPE.down(true);
        assertThatThrownBy(() -> reports.report(new WorkspaceId(workspace))).hasMessageContaining("payment processor");
        assertThat(reported(customer, "custos_runs")).isZero();
        STRIPE.down(false);
        assertThat(reports.report(new WorkspaceId(workspace))).isPositive();
        assertThat(reported(customer, "custos_runs")).isEqualTo(3);

        // A crash after the processor took a report and before Custos marked it sent: it is sent again, same id.
        asOwner().sql("""
                UPDATE usage_reports SET pending_total = reported_total, reported_total = 0,
                    pending_identifier = workspace_id || ':runs:' || to_char(month, 'YYYY-MM') || ':' || reported_total
                WHERE workspace_id = :w AND meter = 'runs'""").param("w", workspace).update();
        reports.report(new WorkspaceId(workspace));
        assertThat(reported(customer, "custos_runs")).as("counted once").isEqualTo(3);
        assertThat(reports.report(new WorkspaceId(workspace))).as("nothing new").isZero();

        assertThat(owner.client().post(agents + "/" + agent.text("id") + "/sessions", Map.of("message", "again"))
                .status()).isEqualTo(201);
        reports.report(new WorkspaceId(workspace));
        assertThat(reported(customer, "custos_runs")).isEqualTo(4);
        // Runs go on after they start, using tokens: each report brings the meter up to the counter.
        org.awaitility.Awaitility.await().until(() -> {
            reports.report(new WorkspaceId(workspace));
            return reported(customer, "custos_tokens") == asOwner().sql("SELECT tokens FROM usage_month_totals "
                    + "WHERE workspace_id = :w").param("w", workspace).query(Long.class).single();
        });
        assertThat(reported(customer, "custos_tokens")).isPositive();

        SignedIn stranger = signUp("Period Stranger");
        assertThat(stranger.client().get("/api/workspaces/" + workspace + "/usage/period").status()).isEqualTo(404);
    }
}
