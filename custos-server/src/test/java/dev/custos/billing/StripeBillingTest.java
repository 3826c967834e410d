package dev.custos.billing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.custos.fakes.FakeStripe;
import dev.custos.usage.BillingOnTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** Buying a plan through Stripe's Checkout (the fake's), driven by its signed webhooks (BL-04, SC-08). */
class StripeBillingTest extends BillingOnTest {

    @Autowired
    Subscriptions subscriptions;

    @BeforeEach
    void webhooksToThisServer() {
        STRIPE.deliverTo(URI.create("http://127.0.0.1:" + port + "/integrations/stripe/events"));
    }

    private record Bought(SignedIn owner, UUID workspace, String subscription) {
    }

    /** An owner buys Team with a card on the processor's page; the browser never sends the card to Custos. */
    private Bought buyTeam(String name) throws Exception {
        SignedIn owner = signUp(name);
        UUID workspace = createWorkspace(owner, name + "'s team");
        var checkout = owner.client().post("/api/workspaces/" + workspace + "/billing/checkout", Map.of("plan", "team"));
        assertThat(checkout.status()).as(checkout.body()).isEqualTo(201);
        URI page = URI.create(checkout.text("url"));
        assertThat(page.toString()).startsWith(STRIPE.baseUrl() + "/pay/cs_test_");
        var paid = HttpClient.newHttpClient().send(HttpRequest.newBuilder(page)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("cardnumber=" + FakeStripe.GOOD_CARD + "&exp=12%2F30&cvc=123"))
                .build(), HttpResponse.BodyHandlers.discarding());
        assertThat(paid.statusCode()).isEqualTo(303);
        assertThat(paid.headers().firstValue("Location").orElseThrow()).contains("/workspaces/" + workspace
                + "/billing?checkout=complete");
        String subscription = STRIPE.requests().stream().filter(r -> r.startsWith("GET /v1/subscriptions/"))
                .reduce((a, b) -> b).orElseThrow().split(" ")[1].substring("/v1/subscriptions/".length());
        return new Bought(owner, workspace, subscription);
    }

    @Test
    @Tag("BL-04")
    @Tag("BL-01")
    @DisplayName("a team pays through the processor's checkout: its webhooks, verified, put the workspace on the plan "
            + "(in trial), with the card's brand and last four shown; a failed renewal starts the grace, after which "
            + "the workspace falls to the default plan")
    void checkoutToDowngrade() throws Exception {
        Bought bought = buyTeam("Paying Owner");
        assertThat(STRIPE.deliveries()).allSatisfy(delivery -> assertThat(delivery.status()).isEqualTo(200));
        var billing = bought.owner().client().get("/api/workspaces/" + bought.workspace() + "/billing");
        assertThat(billing.text("plan")).isEqualTo("team");
        assertThat(billing.text("standing")).isEqualTo("trialing");
        assertThat(billing.json().path("card").path("brand").asString()).isEqualTo("visa");
        assertThat(billing.json().path("card").path("last4").asString()).isEqualTo("4242");
        assertThat(bought.owner().client().post("/api/workspaces/" + bought.workspace() + "/knowledge-bases",
                Map.of("name", "Paid for")).status()).isEqualTo(201);

        STRIPE.renew(bought.subscription());
        assertThat(asOwner().sql("SELECT count(*) FROM billing_transactions WHERE workspace_id = :w AND "
                + "amount_minor = 2900").param("w", bought.workspace()).query(Long.class).single()).isEqualTo(1L);
        STRIPE.failRenewal(bought.subscription());
        billing = bought.owner().client().get("/api/workspaces/" + bought.workspace() + "/billing");
        assertThat(billing.text("standing")).isEqualTo("past_due");
        assertThat(billing.text("plan")).as("kept during the grace").isEqualTo("team");
        assertThat(Instant.parse(billing.text("graceEndsAt"))).isAfter(Instant.now().plusSeconds(2 * 86_400));

        asOwner().sql("UPDATE workspace_plans SET grace_ends_at = now() - interval '1 minute' WHERE workspace_id = :w")
                .param("w", bought.workspace()).update();
        subscriptions.endGraces(); // or the scheduled job did, a moment before
        billing = bought.owner().client().get("/api/workspaces/" + bought.workspace() + "/billing");
        assertThat(billing.text("plan")).isEqualTo("free");
        assertThat(lastMail(bought.owner().email(), "now on the Free plan")).contains("Nothing was deleted");
        var refused = bought.owner().client().post("/api/workspaces/" + bought.workspace() + "/knowledge-bases",
                Map.of("name", "Unpaid"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(bought.owner().client().get("/api/workspaces/" + bought.workspace() + "/knowledge-bases").json()
                .size()).as("nothing is deleted on a downgrade").isEqualTo(1);
    }

    @Test
    @Tag("BL-04")
    @DisplayName("a replayed event is handled once; a forged, stale or unsigned one is refused with 400, audited, and "
            + "changes nothing")
    void forgedReplayedStale() throws Exception {
        Bought bought = buyTeam("Replay Owner");
        String paid = STRIPE.deliveries().stream().filter(d -> d.type().equals("invoice.paid")).reduce((a, b) -> b)
                .orElseThrow().eventId();
        assertThat(STRIPE.resend(paid)).isEqualTo(200);
        assertThat(audited(bought.workspace(), "billing.event_handled", paid)).isEqualTo(1);
        assertThat(audited(bought.workspace(), "billing.event_repeated", paid)).isEqualTo(1);

        // An invoice Stripe never sent: a new event and invoice id, a large amount. Were it believed, the ledger
        // would record a charge.
        String forged = STRIPE.event(paid).replace(paid, "evt_forged0001")
                .replaceAll("\"id\":\"in_[0-9a-f]+\"", "\"id\":\"in_forged0001\"")
                .replaceAll("\"amount_paid\":\\d+", "\"amount_paid\":999999");
        long refusalsBefore = installationAudited("billing.event_refused");
        assertThat(post(forged, FakeStripe.signature("whsec_not_the_secret", Instant.now(), forged)))
                .isEqualTo(400);
        assertThat(post(forged, FakeStripe.signature(FakeStripe.WEBHOOK_SECRET,
                Instant.now().minusSeconds(600), forged))).as("older than the tolerance").isEqualTo(400);
        assertThat(post(forged, null)).as("unsigned").isEqualTo(400);
        assertThat(installationAudited("billing.event_refused")).as("audited, once a minute at most: anyone can "
                + "post here").isEqualTo(refusalsBefore + 1);
        assertThat(asOwner().sql("SELECT count(*) FROM billing_transactions WHERE workspace_id = :w AND "
                + "processor_reference = 'in_forged0001'").param("w", bought.workspace()).query(Long.class).single())
                .isZero();
        assertThat(audited(bought.workspace(), "billing.event_handled", "evt_forged0001")).isZero();
        assertThat(post(forged, FakeStripe.signature(FakeStripe.WEBHOOK_SECRET, Instant.now(), forged)))
                .as("the same event, signed with the endpoint's secret, is taken").isEqualTo(200);
        assertThat(asOwner().sql("SELECT amount_minor FROM billing_transactions WHERE workspace_id = :w AND "
                + "processor_reference = 'in_forged0001'").param("w", bought.workspace()).query(Long.class).single())
                .isEqualTo(999999L);
    }

    private long audited(UUID workspace, String action, String event) {
        return asOwner().sql("SELECT count(*) FROM audit_log WHERE workspace_id = :w AND action = :a AND details LIKE :e")
                .param("w", workspace).param("a", action).param("e", "%" + event + "%").query(Long.class).single();
    }

    private long installationAudited(String action) {
        return asOwner().sql("SELECT count(*) FROM audit_log WHERE workspace_id = :w AND action = :a")
                .param("w", new UUID(0, 0)).param("a", action).query(Long.class).single();
    }

    @Test
    @Tag("BL-03")
    @DisplayName("each payment is confirmed by mail to the owner; the workspace lists the processor's invoices with "
            + "their amounts and PDFs, and the customer portal opens for it")
    void confirmationsAndInvoices() throws Exception {
        Bought bought = buyTeam("Invoice Owner");
        STRIPE.renew(bought.subscription());
        String confirmation = lastMail(bought.owner().email(), "payment received");
        assertThat(confirmation).contains("EUR 29.00", "/workspaces/" + bought.workspace() + "/billing");
        var invoices = bought.owner().client().get("/api/workspaces/" + bought.workspace() + "/billing/invoices");
        assertThat(invoices.status()).isEqualTo(200);
        assertThat(invoices.json().size()).as("the trial's invoice and the renewal's").isEqualTo(2);
        var renewal = invoices.json().get(0);
        assertThat(renewal.path("amountPaidMinor").asLong()).isEqualTo(2900);
        assertThat(renewal.path("currency").asString()).isEqualTo("EUR");
        assertThat(renewal.path("status").asString()).isEqualTo("paid");
        assertThat(renewal.path("pdf").asString()).startsWith(STRIPE.baseUrl() + "/invoices/in_").endsWith("/pdf");
        var portal = bought.owner().client().post("/api/workspaces/" + bought.workspace() + "/billing/portal",
                Map.of());
        assertThat(portal.status()).isEqualTo(201);
        assertThat(portal.text("url")).startsWith(STRIPE.baseUrl() + "/portal/bps_");

        SignedIn member = addMember(bought.owner(), bought.workspace(), "member", "Invoice Member");
        assertThat(member.client().get("/api/workspaces/" + bought.workspace() + "/billing/invoices").status())
                .isEqualTo(403);
        SignedIn stranger = signUp("Invoice Stranger");
        for (String path : java.util.List.of("/billing", "/billing/invoices")) {
            assertThat(stranger.client().get("/api/workspaces/" + bought.workspace() + path).status())
                    .as("another workspace's " + path).isEqualTo(404);
        }
        assertThat(stranger.client().post("/api/workspaces/" + bought.workspace() + "/billing/checkout",
                Map.of("plan", "team")).status()).isEqualTo(404);
        assertThat(stranger.client().post("/api/workspaces/" + bought.workspace() + "/billing/portal", Map.of())
                .status()).isEqualTo(404);
    }

    @Test
    @Tag("BL-04")
    @DisplayName("with the processor down, a checkout says so (503) and nothing is written; it works once it is back")
    void processorDown() throws Exception {
        SignedIn owner = signUp("Outage Owner");
        UUID workspace = createWorkspace(owner, "Outage");
        STRIPE.down(true);
        try {
            var refused = owner.client().post("/api/workspaces/" + workspace + "/billing/checkout",
                    Map.of("plan", "team"));
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.text("type")).endsWith("/problems/payment-processor-unavailable");
            assertThat(asOwner().sql("SELECT count(*) FROM billing_accounts WHERE workspace_id = :w")
                    .param("w", workspace).query(Long.class).single()).isZero();
        } finally {
            STRIPE.down(false);
        }
        assertThat(owner.client().post("/api/workspaces/" + workspace + "/billing/checkout", Map.of("plan", "team"))
                .status()).isEqualTo(201);
        assertThat(owner.client().post("/api/workspaces/" + workspace + "/billing/checkout", Map.of("plan", "free"))
                .status()).as("only paid plans are bought").isEqualTo(400);
    }

    @Test
    @Tag("BL-04")
    @DisplayName("events arriving out of order leave the subscription's newest state; a second checkout for a "
            + "workspace with a plan is refused (plans change in the portal, never billed twice)")
    void outOfOrderAndNoSecondSubscription() throws Exception {
        Bought bought = buyTeam("Order Owner");
        STRIPE.hold();
        STRIPE.failRenewal(bought.subscription());
        STRIPE.renew(bought.subscription());
        STRIPE.releaseNewestFirst();
        var billing = bought.owner().client().get("/api/workspaces/" + bought.workspace() + "/billing");
        assertThat(billing.text("standing")).as("the payment that came after the failure counts").isEqualTo("active");
        assertThat(billing.json().has("graceEndsAt")).isFalse();
        var second = bought.owner().client().post("/api/workspaces/" + bought.workspace() + "/billing/checkout",
                Map.of("plan", "small"));
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.text("type")).endsWith("/problems/already-subscribed");
    }

    @Test
    @Tag("BL-04")
    @DisplayName("a cancelled subscription moves the workspace to the default plan at once, the owner told")
    void cancellation() throws Exception {
        Bought bought = buyTeam("Leaving Customer");
        STRIPE.cancel(bought.subscription());
        var billing = bought.owner().client().get("/api/workspaces/" + bought.workspace() + "/billing");
        assertThat(billing.text("plan")).isEqualTo("free");
        assertThat(lastMail(bought.owner().email(), "now on the Free plan")).contains("subscription ended");
        assertThat(bought.owner().client().post("/api/workspaces/" + bought.workspace() + "/billing/checkout",
                Map.of("plan", "team")).status()).as("a new subscription may follow").isEqualTo(201);
    }

    @Test
    @Tag("SC-08")
    @DisplayName("after a checkout, no table holds the card's number, expiry or security code: only the processor's "
            + "customer id, the brand and the last four digits")
    void cardsNeverStored() throws Exception {
        Bought bought = buyTeam("Card Owner");
        String dump = dumpOfTheMainDatabase();
        assertThat(dump).doesNotContain(FakeStripe.GOOD_CARD).doesNotContain("424242424242").doesNotContain("12/30");
        assertThat(asOwner().sql("SELECT card_last4 FROM billing_accounts WHERE workspace_id = :w")
                .param("w", bought.workspace()).query(String.class).single()).isEqualTo("4242");
    }

    private int post(String payload, String signature) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/integrations/stripe/events"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(payload));
        if (signature != null) {
            request.header("Stripe-Signature", signature);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
