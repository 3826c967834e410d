package dev.custos.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Browser tests: Playwright drives the machine's Chromium (Debian's {@code chromium}; {@code CUSTOS_CHROMIUM}
 * names another) against the real server. Without Chromium they are skipped, saying so — except under
 * {@code CI=true}, where a missing browser fails the build. Each test gets a fresh browser context (no cookies);
 * {@link #screenshot} saves full-page pictures under {@code target/screenshots/}.
 */
public abstract class BrowserTest extends CustosIntegrationTest {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static Playwright playwright;
    private static Browser browser;

    protected BrowserContext context;
    protected Page page;

    @BeforeAll
    static void launchBrowser() {
        Path chromium = Path.of(System.getenv().getOrDefault("CUSTOS_CHROMIUM", "/usr/bin/chromium"));
        if (!Files.isExecutable(chromium)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("Chromium is required for the browser tests under CI=true, and "
                        + chromium + " is missing: apt-get install -y chromium");
            }
            Assumptions.abort("Browser tests skipped: no Chromium at " + chromium
                    + " (apt-get install -y chromium, or set CUSTOS_CHROMIUM)");
        }
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(chromium)
                .setHeadless(true).setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync")));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
            playwright.close();
            browser = null;
        }
    }

    @BeforeEach
    void openPage() {
        context = browser.newContext(new Browser.NewContextOptions().setBaseURL("http://localhost:" + port)
                .setViewportSize(1280, 860).setAcceptDownloads(true));
        page = context.newPage();
    }

    @AfterEach
    void closePage() {
        context.close();
    }

    /** Signs a person in through the sign-in page, as they would. */
    protected void signIn(SignedIn person) {
        page.navigate("/signin");
        page.fill("#email", person.email());
        page.fill("#password", PASSWORD);
        page.click("button:has-text('Sign in')");
        page.waitForURL("**/");
    }

    /**
     * Saves the whole page as {@code target/screenshots/<name>.png}. The viewport is stretched to the page's height
     * for it: Chromium's own full-page capture draws sticky elements (the top bar) where they would stick at the
     * bottom of the page.
     */
    protected void screenshot(String name) {
        page.waitForTimeout(150); // let a transcript swap that was under way finish first
        var size = page.viewportSize();
        int height = ((Number) page.evaluate("() => document.documentElement.scrollHeight")).intValue();
        page.setViewportSize(size.width, Math.max(size.height, height));
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")));
        page.setViewportSize(size.width, size.height);
    }
}
