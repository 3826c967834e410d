package dev.custos.ui;

import java.util.UUID;

import dev.custos.support.BrowserTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The administrators' governance pages in a real browser: model providers, sub-processors, legal holds and the
 * breach register, each with what it asks for and what it did, and refused to anyone else.
 */
class GovernanceBrowserTest extends BrowserTest {

    @Test
    @Tag("GV-01")
    @Tag("SC-06")
    @Tag("RT-09")
    @Tag("UX-01")
    @DisplayName("an administrator registers a provider, keeps the sub-processor registry, places and releases a "
            + "hold and records a breach through to telling the people, all from the dashboard")
    void governanceFromTheDashboard() {
        page.onDialog(dialog -> dialog.accept());
        SignedIn admin = installationAdmin();
        SignedIn affected = signUp("Affected Person");
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        signIn(admin);
        page.navigate("/admin");
        page.click("text=Model providers");
        page.fill("#pName", "gov" + suffix);
        page.fill("#pLabel", "Governed Models " + suffix);
        page.selectOption("#pKind", "openai-compatible");
        page.fill("#pBase", "https://models.example.test/v1");
        page.fill("#pModels", "small, large");
        page.check("input[name=zeroRetention]");
        page.click("button:has-text('Register')");
        assertThat(page.locator(".notice")).containsText("Registered");
        assertThat(page.locator("table")).containsText("Governed Models " + suffix);
        screenshot("30-admin-providers");

        page.navigate("/admin/sub-processors");
        page.fill("#spName", "Mailer " + suffix);
        page.fill("#spLocation", "EU (Ireland)");
        page.fill("#spPurpose", "Email delivery");
        page.fill("#spSafeguard", "Standard contractual clauses");
        page.click("button:has-text('Add')");
        assertThat(page.locator(".notice")).containsText("every workspace owner is told");
        assertThat(page.locator("table")).containsText("Mailer " + suffix);
        screenshot("31-admin-sub-processors");
        assertThat(anonymous().get("/privacy").body()).as("published in the policy").contains("Mailer " + suffix);

        page.navigate("/admin/legal-holds");
        page.fill("#holdPerson", affected.email());
        page.selectOption("#holdTables", new String[] {"agent_sessions", "session_events"});
        page.fill("#holdReason", "Litigation " + suffix);
        page.click("button:has-text('Place the hold')");
        assertThat(page.locator(".notice")).containsText("The hold is placed");
        var hold = page.locator("article.request", new com.microsoft.playwright.Page.LocatorOptions()
                .setHasText("Litigation " + suffix));
        assertThat(hold).containsText("standing");
        assertThat(hold).containsText(affected.personId().toString());
        screenshot("32-admin-legal-holds");
        hold.locator("button:has-text('Release')").click();
        assertThat(page.locator("article.request", new com.microsoft.playwright.Page.LocatorOptions()
                .setHasText("Litigation " + suffix))).containsText("released");

        page.navigate("/admin/breaches");
        page.fill("#brWhen", "2026-12-01T09:30");
        page.fill("#brWhat", "Laptop lost " + suffix);
        page.fill("#brCategories", "user.contact.email");
        page.fill("#brAffected", affected.email());
        page.check("input[name=highRisk]");
        page.click("button:has-text('Record')");
        assertThat(page.locator(".notice")).containsText("within 72 hours");
        var breach = page.locator("article.request", new com.microsoft.playwright.Page.LocatorOptions()
                .setHasText("Laptop lost " + suffix));
        assertThat(breach).containsText("to be told by 4 December 2026");
        breach.locator("button:has-text('The authority was told')").click();
        breach = page.locator("article.request", new com.microsoft.playwright.Page.LocatorOptions()
                .setHasText("Laptop lost " + suffix));
        breach.locator("textarea").fill("A laptop holding your email address was lost " + suffix + ".");
        breach.locator("button:has-text('Tell the affected people')").click();
        assertThat(page.locator(".notice")).containsText("The affected people were told");
        screenshot("33-admin-breaches");
        assertThat(affected.client().get("/api/privacy/notices").body()).contains("A laptop holding your email "
                + "address was lost " + suffix);

        page.navigate("/admin/providers");
        page.locator("tr", new com.microsoft.playwright.Page.LocatorOptions().setHasText("Governed Models " + suffix))
                .locator("button:has-text('Remove')").click();
        assertThat(page.locator(".notice")).containsText("Removed");
        page.navigate("/admin/sub-processors");
        page.locator("tr", new com.microsoft.playwright.Page.LocatorOptions().setHasText("Mailer " + suffix))
                .locator("button:has-text('Remove')").click();
        assertThat(page.locator("table")).not().containsText("Mailer " + suffix);

        for (String path : new String[] {"/admin/providers", "/admin/sub-processors", "/admin/legal-holds",
                "/admin/breaches", "/admin/privacy/end-user-requests"}) {
            assertThat(affected.client().get(path).status()).as(path + " to someone not an administrator")
                    .isEqualTo(403);
        }
    }
}
