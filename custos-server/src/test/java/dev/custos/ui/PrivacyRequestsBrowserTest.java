package dev.custos.ui;

import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.microsoft.playwright.options.AriaRole;
import dev.custos.support.BrowserTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An end user's right, exercised by someone with no account (DR-12, DR-11, DR-08): the owner takes the controller's
 * role and publishes a request form from the dashboard, a customer files an erasure request on it and confirms it
 * from the mail, the owner answers from the dashboard, and the customer is mailed the outcome.
 */
class PrivacyRequestsBrowserTest extends BrowserTest {

    @Test
    @Tag("DR-12")
    @Tag("DR-11")
    @Tag("DR-08")
    @Tag("UX-01")
    @DisplayName("a person with no account files a request on a public form and confirms it; the owner instructs from "
            + "the dashboard; the requester is told the outcome")
    void anEndUserRequestFromFormToAnswer() {
        page.onDialog(dialog -> dialog.accept());
        SignedIn owner = signUp("Paloma Owner");
        UUID workspace = createWorkspace(owner, "Paloma Clinic");
        signIn(owner);
        page.navigate("/workspaces/" + workspace);
        page.click("nav.sidebar >> text=Privacy requests");
        assertThat(page.locator("h1")).hasText("Privacy requests");
        page.check("input[name=accept]");
        page.click("button:has-text('Record the agreement')");
        assertThat(page.locator(".notice")).containsText("requests from your end users now come to you");
        page.click("button:has-text('Publish a request form')");
        assertThat(page.locator(".notice")).containsText("Your request form is at");
        String formUrl = page.locator("a[href*='/requests/']").first().getAttribute("href");
        screenshot("20-owner-privacy-requests");

        context.clearCookies();
        String customer = "customer." + UUID.randomUUID().toString().substring(0, 8) + "@example.net";
        page.navigate(formUrl.substring(formUrl.indexOf("/requests/")));
        assertThat(page.locator("h1")).hasText("Make a privacy request to Paloma Clinic");
        page.getByLabel("Delete the data held about me").check();
        page.selectOption("#residence", "california");
        page.getByLabel("Your email address").fill(customer);
        page.getByLabel("Anything that helps find your data").fill("I booked under the name Ada.");
        screenshot("21-public-request-form");
        page.click("button:has-text('Send my request')");
        assertThat(page.locator("h1")).hasText("Check your email");
        assertThat(page.getByRole(AriaRole.STATUS)).containsText(customer);

        String mail = MAIL.await(m -> m.to().contains(customer) && m.data().contains("code="), Duration.ofSeconds(10))
                .data().replace("=\r\n", "").replace("=\n", "");
        Matcher link = Pattern.compile("https?://\\S+(/privacy/requests/confirm\\?code=[A-Za-z0-9]+)").matcher(mail);
        assertThat(link.find()).as(mail).isTrue();
        page.navigate(link.group(1));
        page.click("button:has-text('Confirm my request')");
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("Paloma Clinic must answer you by");
        screenshot("22-request-confirmed");

        signIn(owner);
        page.navigate("/workspaces/" + workspace + "/privacy-requests");
        var request = page.locator("article.request").first();
        assertThat(request).containsText(customer);
        assertThat(request).containsText("I booked under the name Ada.");
        assertThat(request).containsText("CCPA");
        assertThat(request).containsText("days left");
        screenshot("23-owner-answers");
        request.getByLabel("Your answer, as the requester will read it").fill("We deleted your booking records.");
        request.getByRole(AriaRole.BUTTON, new com.microsoft.playwright.Locator.GetByRoleOptions()
                .setName("Carry it out")).click();
        assertThat(page.locator(".notice")).containsText("the requester was emailed your answer");
        assertThat(page.locator("article.request").first()).containsText("fulfilled");

        String answer = MAIL.await(m -> m.to().contains(customer) && m.data().contains("They carried it out"),
                Duration.ofSeconds(10)).data();
        assertThat(answer).contains("We deleted your booking records.");
    }

    @Test
    @Tag("UX-01")
    @DisplayName("a wrong request form link says so in plain words, and a refused submission keeps what was typed")
    void badInputOnThePublicForm() {
        page.navigate("/requests/NotAFormXX");
        assertThat(page.locator("h1")).hasText("This request form is not available");
        assertThat(page.locator(".error")).containsText("does not exist or was replaced");

        SignedIn owner = signUp("Form Keeper");
        UUID workspace = createWorkspace(owner, "Keeper");
        String code = publishRequestForm(owner, workspace);
        page.navigate("/requests/" + code);
        page.getByLabel("See the personal data held about me").check();
        page.getByLabel("Anything that helps find your data").fill("My order 1234");
        page.evaluate("() => document.querySelector('#email').removeAttribute('type')");
        page.getByLabel("Your email address").fill("not an address");
        page.click("button:has-text('Send my request')");
        assertThat(page.locator(".error")).containsText("Give a valid email address");
        assertThat(page.getByLabel("Anything that helps find your data")).hasValue("My order 1234");
        assertThat(page.getByLabel("See the personal data held about me")).isChecked();
    }
}
