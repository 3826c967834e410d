package dev.custos.privacy;

import java.net.HttpCookie;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.custos.analytics.PageVisits;
import dev.custos.privacy.consent.CookieConsentFilter;
import dev.custos.support.ApiClient;
import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Only essential cookies without consent; preference and analytics cookies after it, changeable at any time in
 * the cookie preferences panel, and recorded as consent records for a signed-in person (ID-08).
 */
@Tag("ID-08")
class CookieConsentTest extends CustosIntegrationTest {

    private static final Set<String> ESSENTIAL = Set.of("CUSTOS_SESSION", "XSRF-TOKEN", "CUSTOS_REMEMBER",
            "CUSTOS_COOKIES");

    @Autowired
    private PageVisits pageVisits;

    @Autowired
    private CookieConsent consent;

    @Autowired
    private org.springframework.boot.web.servlet.FilterRegistrationBean<CookieConsentFilter> filters;

    /** The names of the cookies a response sets (deletions left out). */
    private static Set<String> set(ApiClient.Response response) {
        Set<String> names = new HashSet<>();
        for (String header : response.headers().allValues("Set-Cookie")) {
            HttpCookie cookie = HttpCookie.parse("Set-Cookie: " + header).getFirst();
            if (cookie.getMaxAge() != 0) {
                names.add(cookie.getName());
            }
        }
        return names;
    }

    private static ApiClient.Response page(ApiClient browser, String path) {
        return browser.get(path, "Accept", "text/html");
    }

    @Test
    @DisplayName("without a choice, every page sets essential cookies only and shows the banner")
    void essentialOnlyWithoutConsent() {
        SignedIn person = signUp("Cookie Visitor");
        UUID workspace = createWorkspace(person, "Cookies");
        ApiClient anonymous = anonymous();
        for (String path : List.of("/signin", "/signup", "/privacy", "/privacy/cookies")) {
            var response = page(anonymous, path);
            assertThat(response.status()).as(path).isEqualTo(200);
            assertThat(ESSENTIAL).as(path).containsAll(set(response));
            assertThat(response.body()).as(path).contains("id=\"cookie-banner\"");
        }
        for (String path : List.of("/", "/profile", "/workspaces/" + workspace, "/settings/data")) {
            var response = page(person.client(), path);
            assertThat(response.status()).as(path).isIn(200, 302);
            assertThat(ESSENTIAL).as(path).containsAll(set(response));
        }
        var themed = anonymous.postForm("/preferences/theme", Map.of("theme", "dark", "returnTo", "/privacy"));
        assertThat(themed.headers().firstValue("Location").orElseThrow()).contains("themeNotKept");
        assertThat(set(themed)).doesNotContain("CUSTOS_THEME");
        pageVisits.flush();
        assertThat(anonymous.cookie("CUSTOS_VISITOR")).as("no analytics cookie without consent").isEmpty();
    }

    @Test
    @DisplayName("after consent the banner goes and preference and analytics cookies are set; withdrawing deletes "
            + "them and what the analytics cookie counted")
    void consentThenWithdrawal() {
        ApiClient browser = anonymous();
        page(browser, "/signin");
        var allowed = browser.postForm("/privacy/cookies", Map.of("preferences", "true", "analytics", "true",
                "source", "banner", "returnTo", "/signin"));
        assertThat(allowed.status()).isEqualTo(302);
        assertThat(allowed.headers().firstValue("Location").orElseThrow()).endsWith("/signin");
        assertThat(browser.cookie("CUSTOS_COOKIES")).isPresent();
        assertThat(page(browser, "/signin").body()).doesNotContain("id=\"cookie-banner\"");

        var themed = browser.postForm("/preferences/theme", Map.of("theme", "dark", "returnTo", "/privacy"));
        assertThat(set(themed)).contains("CUSTOS_THEME");
        assertThat(page(browser, "/privacy").body()).contains("data-theme=\"dark\"");
        page(browser, "/privacy/cookies");
        String visitor = browser.cookie("CUSTOS_VISITOR").orElseThrow().getValue();
        pageVisits.flush();
        assertThat(visits(visitor)).isPositive();
        var stats = installationAdmin().client().get("/api/admin/analytics/pages");
        assertThat(stats.body()).contains("/privacy/cookies").doesNotContain(visitor);

        var withdrawn = browser.put("/api/privacy/cookies", Map.of("preferences", false, "analytics", false));
        assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
        assertThat(withdrawn.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("CUSTOS_THEME=;")
                && c.contains("Max-Age=0")).anyMatch(c -> c.startsWith("CUSTOS_VISITOR=;") && c.contains("Max-Age=0"));
        assertThat(visits(visitor)).as("what the analytics cookie counted is gone").isZero();
        assertThat(page(browser, "/privacy").body()).doesNotContain("data-theme=\"dark\"");
        assertThat(set(browser.postForm("/preferences/theme", Map.of("theme", "dark")))).doesNotContain("CUSTOS_THEME");
    }

    private long visits(String visitor) {
        return asOwner().sql("SELECT coalesce(sum(views), 0) FROM page_visits WHERE visitor_hash = :h")
                .param("h", dev.custos.platform.Secrets.sha256("visitor|" + visitor)).query(Long.class).single();
    }

    @Test
    @DisplayName("a signed-in person's choice is a consent record, and withdrawing it elsewhere holds on this device")
    void signedInChoiceIsRecorded() {
        SignedIn person = signUp("Cookie Person");
        page(person.client(), "/profile");
        person.client().postForm("/privacy/cookies", Map.of("preferences", "true", "analytics", "false",
                "source", "banner"));
        var consents = person.client().get("/api/privacy/consents").json();
        assertThat(consents.toString()).contains("preference_cookies");
        var history = asOwner().sql("""
                        SELECT purpose || ':' || given || ':' || source FROM consent_records WHERE person_id = :p
                        ORDER BY recorded_at""").param("p", person.personId()).query(String.class).list();
        assertThat(history).contains("preference_cookies:true:banner", "analytics_cookies:false:banner");
        assertThat(set(person.client().postForm("/preferences/theme", Map.of("theme", "light")))).contains("CUSTOS_THEME");

        // Withdrawn through the API from another device (their CLI, say): this device follows on its next page.
        ApiClient elsewhere = anonymous();
        elsewhere.post("/api/auth/sign-in", Map.of("email", person.email(), "password", PASSWORD));
        assertThat(elsewhere.post("/api/privacy/consents", Map.of("purpose", "preference_cookies", "given", false,
                "noticeVersion", CookieConsent.NOTICE_VERSION)).status()).isEqualTo(200);
        var next = page(person.client(), "/profile");
        assertThat(next.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("CUSTOS_THEME=;"));
        assertThat(set(person.client().postForm("/preferences/theme", Map.of("theme", "dark"))))
                .doesNotContain("CUSTOS_THEME");
    }

    @Test
    @DisplayName("whoever writes a cookie, the filter lets out only registered ones, non-essential ones with "
            + "consent, and deletions always")
    void filterIsTheLastWord() {
        assertThat(filters.getOrder()).as("around every other filter, so nothing writes past it")
                .isLessThan(org.springframework.session.web.http.SessionRepositoryFilter.DEFAULT_ORDER);
        var filter = new CookieConsentFilter(consent, "CUSTOS_SESSION");
        var request = new MockHttpServletRequest("GET", "/anything");
        assertThat(filter.mayLeave(request, "CUSTOS_SESSION=abc; Path=/; HttpOnly")).isTrue();
        assertThat(filter.mayLeave(request, "_ga=GA1.2.3; Path=/")).as("not in the registry").isFalse();
        assertThat(filter.mayLeave(request, "CUSTOS_THEME=dark; Max-Age=31536000")).isFalse();
        assertThat(filter.mayLeave(request, "CUSTOS_VISITOR=x; Max-Age=31536000")).isFalse();
        assertThat(filter.mayLeave(request, "CUSTOS_THEME=; Path=/; Max-Age=0")).as("deleting is always allowed")
                .isTrue();

        var consented = new MockHttpServletRequest("GET", "/anything");
        consented.setCookies(new jakarta.servlet.http.Cookie("CUSTOS_COOKIES",
                CookieConsent.NOTICE_VERSION + ".1.0." + java.time.Instant.now().getEpochSecond()));
        assertThat(filter.mayLeave(consented, "CUSTOS_THEME=dark; Max-Age=31536000")).isTrue();
        assertThat(filter.mayLeave(consented, "CUSTOS_VISITOR=x; Max-Age=31536000")).isFalse();

        var outdated = new MockHttpServletRequest("GET", "/anything");
        outdated.setCookies(new jakarta.servlet.http.Cookie("CUSTOS_COOKIES", "cookies-00000000.1.1.1700000000"));
        assertThat(filter.mayLeave(outdated, "CUSTOS_THEME=dark; Max-Age=31536000"))
                .as("a choice made for another cookie list asks again").isFalse();
    }

    @Test
    @DisplayName("the panel and the policy list every cookie the registry holds")
    void everyCookieIsListed() {
        String panel = page(anonymous(), "/privacy/cookies").body();
        String policy = anonymous().get("/privacy.md").body();
        for (SiteCookie cookie : SiteCookie.values()) {
            assertThat(panel).contains(cookie.cookieName());
            assertThat(policy).contains(cookie.cookieName());
        }
        var settings = anonymous().get("/api/privacy/cookies").json();
        assertThat(settings.path("cookies").size()).isEqualTo(SiteCookie.values().length);
        assertThat(settings.path("choice").path("made").asBoolean()).isFalse();
    }
}
