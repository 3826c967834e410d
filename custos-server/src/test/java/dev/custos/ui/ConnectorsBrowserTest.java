package dev.custos.ui;

import java.io.IOException;
import java.net.URI;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import dev.custos.fakes.FakeGitHub;
import dev.custos.fakes.FakeSaas;
import dev.custos.support.BrowserTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connectors in a real browser: an installation administrator registers GitHub's app, a workspace owner
 * connects it through GitHub's consent page and sees it with its scope and tools.
 */
class ConnectorsBrowserTest extends BrowserTest {

    private static FakeGitHub github;

    @BeforeAll
    static void start() throws IOException {
        github = FakeGitHub.start();
    }

    @AfterAll
    static void stop() {
        github.close();
    }

    @Test
    @Tag("TN-04")
    @DisplayName("an administrator registers GitHub's app; an owner connects GitHub read-only through its consent "
            + "page and sees the connection, its account and the write tools kept back")
    void connectGitHubFromTheDashboard() {
        page.onDialog(dialog -> dialog.accept());
        signIn(installationAdmin());
        page.navigate("/admin/connectors");
        var card = page.locator("[data-connector=github]");
        card.locator("input[name=clientId]").fill(FakeSaas.CLIENT_ID);
        card.locator("input[name=clientSecret]").fill(FakeSaas.CLIENT_SECRET);
        card.locator("summary").click();
        card.locator("input[name=authorizeUrl]").fill(github.baseUrl() + "/login/oauth/authorize");
        card.locator("input[name=tokenUrl]").fill(github.baseUrl() + "/login/oauth/access_token");
        card.locator("input[name=apiUrl]").fill(github.baseUrl().toString());
        card.locator("button:has-text('Register'), button:has-text('Save')").click();
        assertThat(page.locator(".notice")).containsText("GitHub's app is registered");
        assertThat(page.locator("body")).not().containsText(FakeSaas.CLIENT_SECRET);
        screenshot("40-admin-connectors");

        SignedIn owner = signUp("Browser Connector Owner");
        UUID workspace = createWorkspace(owner, "Connected team");
        context.clearCookies();
        signIn(owner);
        // The installation's base URL is its public name; here the browser reaches it on localhost.
        AtomicReference<String> callback = new AtomicReference<>();
        page.onRequest(request -> {
            if (request.url().startsWith("https://custos.test/")) {
                callback.set(request.url());
            }
        });
        page.navigate("/workspaces/" + workspace + "/connections");
        page.selectOption("#okind", "github");
        page.fill("#oname", "Company GitHub");
        page.fill("#ohandle", "github");
        page.click("button:has-text('Continue to the service')");
        try {
            page.click("a:has-text('Continue to GitHub')");
        } catch (com.microsoft.playwright.PlaywrightException unreachable) {
            // the last redirect goes to the installation's public name, which this browser cannot reach
        }
        org.awaitility.Awaitility.await().until(() -> callback.get() != null);
        URI back = URI.create(callback.get());
        page.navigate(back.getRawPath() + "?" + back.getRawQuery());
        assertThat(page.locator(".notice")).containsText("Connected Company GitHub as octo-admin: 7 tools, read-only.");
        var connection = page.locator("[data-connection=github]");
        assertThat(connection).containsText("github__search_issues");
        assertThat(connection.locator("li", new com.microsoft.playwright.Locator.LocatorOptions()
                .setHasText("github__comment"))).containsText("not offered to agents");
        screenshot("41-connections-github");
        assertThat(owner.client().get("/admin/connectors").status()).as("not an administrator").isEqualTo(403);
    }
}
