package dev.custos.ui;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import dev.custos.fakes.FakeStripe;
import dev.custos.support.BrowserTest;
import dev.custos.usage.BillingInstallation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** Buying a plan from the dashboard: the processor's own payment page, and back to the workspace on its plan. */
@BillingInstallation
class BillingBrowserTest extends BrowserTest {

    @BeforeEach
    void webhooksToThisServer() {
        STRIPE.deliverTo(URI.create("http://127.0.0.1:" + port + "/integrations/stripe/events"));
        // The installation's public address (custos.identity.base-url) is this server, as a proxy would make it.
        context.route(ORIGIN + "/**", route -> route.fulfill(new com.microsoft.playwright.Route.FulfillOptions()
                .setStatus(302).setHeaders(Map.of("Location", route.request().url()
                        .replace(ORIGIN, "http://localhost:" + port)))));
    }

    @Test
    @Tag("BL-04")
    @Tag("SC-08")
    @DisplayName("an owner chooses a plan, pays by card on the processor's page (not Custos's), and comes back to "
            + "the workspace on that plan with the card's brand and last four digits shown")
    void payByCard() {
        SignedIn owner = signUp("Browser Buyer");
        UUID workspace = createWorkspace(owner, "Buying Team");
        signIn(owner);
        page.navigate("/workspaces/" + workspace);
        page.click("nav.sidebar >> text=Billing");
        assertThat(page.locator("#plan")).containsText("Free");
        screenshot("45-billing-free");
        page.click("button:has-text('Choose Team')");
        page.click("#continue");
        assertThat(page.locator("#amount")).containsText("EUR 29.00");
        org.assertj.core.api.Assertions.assertThat(page.url()).startsWith(STRIPE.baseUrl().toString());
        page.fill("input[name=cardnumber]", "4242 4242 4242 4242");
        page.click("button:has-text('Subscribe')");
        assertThat(page.locator(".notice")).containsText("Thank you");
        assertThat(page.locator("#plan")).containsText("Team");
        assertThat(page.locator("#plan")).containsText("Trial until");
        assertThat(page.locator("#card")).containsText("visa ending in 4242");
        screenshot("46-billing-team");
        org.assertj.core.api.Assertions.assertThat(STRIPE.requests()).noneMatch(request ->
                request.contains(FakeStripe.GOOD_CARD));
    }
}
