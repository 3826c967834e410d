package dev.custos.ui;

import dev.custos.support.BrowserTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** Support from the dashboard: a question asked, answered by the staff, read by the asker. */
class SupportBrowserTest extends BrowserTest {

    @Test
    @Tag("GV-06")
    @DisplayName("a person asks from the dashboard, the staff answer from the queue, the person reads the answer")
    void askedAndAnswered() {
        SignedIn staff = signUpAsInstallationAdmin("Desk Staff");
        SignedIn asker = signUp("Desk Asker");
        signIn(asker);
        page.click("text=Support");
        page.fill("#ssubject", "Where are my invoices?");
        page.fill("#smessage", "I cannot find the invoices of last month.");
        page.click("button:has-text('Send')");
        assertThat(page.locator("#status")).hasText("open");
        String thread = page.url();
        context.clearCookies();

        signIn(staff);
        page.navigate("/admin");
        page.click("text=Support requests");
        page.click("text=Where are my invoices?");
        page.fill("#reply", "They are on the workspace's billing page.");
        page.click("button:has-text('Send answer')");
        assertThat(page.locator("#status")).hasText("answered");
        screenshot("47-support-answered");
        context.clearCookies();

        signIn(asker);
        page.navigate(thread);
        assertThat(page.locator("#messages")).containsText("billing page");
    }
}
