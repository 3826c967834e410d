package dev.custos.conformance;

import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.web.util.HtmlUtils;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /conformance}: public, every promise of the catalogue with a status, linked from where people look. */
class ConformancePagesTest extends CustosIntegrationTest {

    @Test
    @DisplayName("/conformance and /conformance.md list all 70 promises with their text and status, without "
            + "signing in; /privacy and the dashboard's footer link to it")
    void everyPromiseIsShown() {
        var page = anonymous().get("/conformance");
        assertThat(page.status()).isEqualTo(200);
        var markdown = anonymous().get("/conformance.md");
        assertThat(markdown.status()).isEqualTo(200);
        assertThat(markdown.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/markdown");
        String shown = HtmlUtils.htmlUnescape(page.body());
        for (Promise promise : PromiseCatalogue.load().promises()) {
            assertThat(shown).contains("id=\"" + promise.id() + "\"", promise.text());
            assertThat(markdown.body()).contains("| " + promise.id() + " | ");
        }
        for (ConformanceReport.Status status : ConformanceReport.Status.values()) {
            assertThat(page.body()).contains(status.label());
        }
        assertThat(anonymous().get("/privacy").body()).contains("href=\"/conformance\"");
        assertThat(signUp("Conformance Reader").client().get("/").body()).contains("href=\"/conformance\"");
    }
}
