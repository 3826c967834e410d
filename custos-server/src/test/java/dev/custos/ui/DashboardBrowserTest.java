package dev.custos.ui;

import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import java.util.zip.ZipInputStream;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Cookie;
import dev.custos.platform.PersonId;
import dev.custos.support.BrowserTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real browser (UX-01): a newcomer signs up with an invitation, signs in, creates a workspace
 * and an agent, runs it on the offline model and sees the answer stream in, approves a tool call, finds the session
 * again, reads usage and the audit log, exports their data (DR-02) and deletes their account. Screenshots of each
 * main page go to {@code target/screenshots/}.
 */
@Tag("UX-01")
class DashboardBrowserTest extends BrowserTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private String invitation() {
        return invitations.issue(new PersonId(installationAdmin().personId())).code();
    }

    @Test
    @Tag("DR-02")
    @Tag("AI-06")
    @DisplayName("sign up with an invitation, build and run an agent, approve its tool call, review, export, erase")
    void newcomerFromSignUpToErasure() throws Exception {
        page.onDialog(dialog -> dialog.accept());
        String email = "browser." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";

        page.navigate("/signup?code=" + invitation());
        assertThat(page.locator("#cookie-banner")).isVisible();
        screenshot("01-signup");
        page.getByRole(AriaRole.BUTTON, new com.microsoft.playwright.Page.GetByRoleOptions().setName("Essential only"))
                .click();
        assertThat(page.locator("#cookie-banner")).hasCount(0);
        page.fill("#name", "Bea Browser");
        page.fill("#email", email);
        page.fill("#password", PASSWORD);
        page.check("input[name=ageConfirmed]");
        page.click("button[type=submit]:has-text('Create account')");
        assertThat(page.locator(".notice")).containsText("Your account is ready");

        page.fill("#email", email);
        page.fill("#password", PASSWORD);
        page.click("button:has-text('Sign in')");
        assertThat(page.locator("h1")).containsText("Hello, Bea Browser");
        page.fill("#name", "Support");
        page.click("button:has-text('Create workspace')");
        assertThat(page.locator("h1")).hasText("Support");
        assertThat(page.locator("nav.sidebar a[aria-current=page]")).hasText("Overview");
        screenshot("02-overview");

        page.click("nav.sidebar >> text=Agents");
        page.click("text=New agent");
        page.fill("#name", "Helper");
        page.fill("#instructions", "You help the support team. Be brief.");
        screenshot("03-agent-form");
        page.click("button:has-text('Create agent')");
        assertThat(page.locator(".notice")).containsText("The agent is ready");
        screenshot("04-agent");

        page.fill("#message", "What time is it?");
        page.click("button:has-text('Run')");
        assertThat(page.locator(".bubble.you").first()).containsText("What time is it?");
        assertThat(page.locator("#transcript")).containsText("right now", new com.microsoft.playwright.assertions
                .LocatorAssertions.ContainsTextOptions().setTimeout(15_000));
        assertThat(page.locator("#run-status")).hasText("ready");
        assertThat(page.locator("details.step summary").first()).containsText("datetime");
        screenshot("05-session-streamed");

        page.fill("#message", "Calculate six times seven");
        page.click("button:has-text('Send')");
        assertThat(page.locator(".approval")).containsText("calculator", new com.microsoft.playwright.assertions
                .LocatorAssertions.ContainsTextOptions().setTimeout(15_000));
        screenshot("06-approval");
        page.click(".approval button:has-text('Approve')");
        assertThat(page.locator("#transcript")).containsText("The result is 42.", new com.microsoft.playwright
                .assertions.LocatorAssertions.ContainsTextOptions().setTimeout(15_000));
        assertThat(page.locator("#transcript")).containsText("Approved: calculator");
        assertThat(page.locator("#run-status")).hasText("ready");
        assertThat(page.locator("#live")).hasCount(0);
        screenshot("07-session");

        page.click("nav.sidebar >> text=Sessions");
        page.fill("#q", "zebra");
        page.click("form.filters button:has-text('Filter')");
        assertThat(page.locator("#results")).containsText("No session matches");
        page.fill("#q", "six times");
        page.click("form.filters button:has-text('Filter')");
        assertThat(page.locator("#results")).containsText("What time is it?"); // the session's title: its first message
        screenshot("08-history");

        page.click("nav.sidebar >> text=Usage");
        assertThat(page.locator("svg.chart").first()).isVisible();
        assertThat(page.locator(".legend").first()).containsText("Helper");
        screenshot("09-usage");
        page.click("nav.sidebar >> text=Audit log");
        assertThat(page.locator("#chain-status")).containsText("The chain is intact.");
        screenshot("10-audit");
        for (String section : List.of("Members", "API keys", "Model providers", "Tools", "Settings")) {
            page.click("nav.sidebar >> text=" + section);
            assertThat(page.locator("h1")).hasText(section);
            screenshot("11-" + section.toLowerCase().replace(' ', '-'));
        }

        page.click("header >> text=Privacy centre");
        assertThat(page.locator("h1")).hasText("Privacy centre");
        screenshot("12-privacy-centre");
        page.click("text=Export or delete your data");
        page.fill("#exportPassword", PASSWORD);
        page.click("button:has-text('Prepare my export')");
        Download download = page.waitForDownload(() -> page.click("text=download the zip"));
        try (var zip = new ZipInputStream(Files.newInputStream(download.path()))) {
            var first = zip.getNextEntry();
            assertThat(first.getName()).isEqualTo("custos-export.json");
            assertThat(JSON.readTree(zip.readAllBytes()).toString()).contains(email, "Calculate six times seven");
        }
        screenshot("13-your-data");

        page.fill("#erasurePassword", PASSWORD);
        page.check("input[name=confirm]");
        page.click("button:has-text('Delete my account')");
        assertThat(page.locator("h1")).hasText("Account deletion");
        assertThat(page.locator("main")).containsText("Your account is closed");
        screenshot("14-erasure");
        assertThat(anonymous().post("/api/auth/sign-in", java.util.Map.of("email", email, "password", PASSWORD))
                .status()).as("the account is closed").isEqualTo(401);
    }

    @Test
    @Tag("ID-08")
    @DisplayName("the cookie banner and panel in the browser: nothing but essential cookies until a choice allows more")
    void cookieBannerAndPanel() {
        page.navigate("/signin");
        assertThat(page.locator("#cookie-banner")).isVisible();
        assertThat(nonEssentialCookies()).isEmpty();
        page.selectOption("#theme-choice", "dark");
        page.click("footer >> text=Apply");
        assertThat(page.locator(".error")).containsText("not kept");
        assertThat(nonEssentialCookies()).as("no preference cookie without consent").isEmpty();

        page.click("#cookie-banner >> text=Choose");
        assertThat(page.locator("h1")).hasText("Cookie preferences");
        page.check("input[type=checkbox][name=preferences]");
        page.click("button:has-text('Save my choice')");
        assertThat(page.locator(".notice")).containsText("Your choice is saved");
        assertThat(page.locator("#cookie-banner")).hasCount(0);
        page.selectOption("#theme-choice", "dark");
        page.click("footer >> text=Apply");
        assertThat(page.locator("html")).hasAttribute("data-theme", "dark");
        assertThat(nonEssentialCookies()).containsExactly("CUSTOS_THEME");
        screenshot("15-dark");

        page.navigate("/privacy/cookies");
        page.uncheck("input[type=checkbox][name=preferences]");
        page.click("button:has-text('Save my choice')");
        assertThat(nonEssentialCookies()).as("withdrawn as easily as given").isEmpty();
        assertThat(page.locator("html")).not().hasAttribute("data-theme", "dark");
        screenshot("16-cookie-preferences");
    }

    private List<String> nonEssentialCookies() {
        return context.cookies().stream().map(cookie -> cookie.name)
                .filter(name -> !List.of("CUSTOS_SESSION", "XSRF-TOKEN", "CUSTOS_REMEMBER", "CUSTOS_COOKIES")
                        .contains(name)).toList();
    }

    @Test
    @Tag("UX-04")
    @DisplayName("installable: a manifest with icons, and a service worker that caches static files and never a page")
    void installableAsProgressiveWebApp() {
        page.navigate("/signin");
        var manifest = JSON.readTree(page.request().get("/manifest.webmanifest").text());
        assertThat(manifest.path("display").asString()).isEqualTo("standalone");
        assertThat(manifest.path("icons").toString()).contains("512x512", "maskable");
        assertThat(page.request().get(manifest.path("icons").get(1).path("src").asString()).status()).isEqualTo(200);

        Object scope = page.evaluate("() => navigator.serviceWorker.ready.then(r => r.scope)");
        assertThat(String.valueOf(scope)).endsWith("/");
        page.reload();
        page.navigate("/privacy");
        @SuppressWarnings("unchecked")
        List<String> cached = (List<String>) page.evaluate("""
                () => caches.keys().then(names => Promise.all(names.map(n => caches.open(n)
                  .then(c => c.keys())))).then(all => all.flat().map(r => new URL(r.url).pathname))""");
        assertThat(cached).isNotEmpty().allSatisfy(path -> assertThat(path)
                .matches("/(css|js|icons|webjars)/.*|/manifest\\.webmanifest"));
    }

    @Test
    @Tag("UX-01")
    @DisplayName("readable at a phone's width and usable from the keyboard")
    void phoneWidthAndKeyboard() {
        SignedIn person = signUp("Phone Person");
        UUID workspace = createWorkspace(person, "Pocket");
        page.setViewportSize(390, 844);
        page.navigate("/signin");
        page.keyboard().press("Tab");
        assertThat(page.locator(":focus")).hasText("Skip to content");
        page.fill("#email", person.email());
        page.fill("#password", PASSWORD);
        page.keyboard().press("Enter");
        page.waitForURL("**/");
        page.navigate("/workspaces/" + workspace);
        assertThat(page.locator("h1")).hasText("Pocket");
        Object overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
        assertThat(((Number) overflow).intValue()).as("no sideways scrolling").isLessThanOrEqualTo(0);
        screenshot("17-phone-overview");
    }
}
