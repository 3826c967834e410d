package dev.custos.privacy;

import java.util.Map;

import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.util.HtmlUtils;

import static org.assertj.core.api.Assertions.assertThat;

class PrivacyPolicyTest extends CustosIntegrationTest {

    @Autowired
    private DataMap map;

    @Test
    @Tag("GV-03")
    @DisplayName("/privacy is generated from the data map and the recipients: every purpose, legal basis and "
            + "retention rule is in it, and a new model provider shows up as a recipient")
    void generatedFromTheDataMap() {
        var page = anonymous().get("/privacy");
        assertThat(page.status()).isEqualTo(200);
        String html = HtmlUtils.htmlUnescape(page.body());
        for (DataMap.Table table : map.tables()) {
            if (table.subject().equals("none")) {
                continue;
            }
            assertThat(html).as(table.name()).contains(table.retention())
                    .containsIgnoringCase(table.purpose().replace('_', ' '));
        }
        assertThat(html).contains("performance of our contract", "a legal obligation we are under",
                "our legitimate interests", "user.contact.email", "GDPR one month, CCPA 45 days, KVKK 30 days");
        String version = html.replaceAll("(?s).*Version ([0-9a-f]{12}).*", "$1");

        var provider = installationAdmin().client().post("/api/providers", Map.of("name", "policy-test",
                "label", "Example Models Inc", "kind", "openai", "baseUrl", "https://models.example/v1",
                "apiKey", "sk-policy-test-key", "region", "US", "zeroRetention", true, "mayTrain", false,
                "models", java.util.List.of("m1")));
        assertThat(provider.status()).as(provider.body()).isEqualTo(201);
        String after = HtmlUtils.htmlUnescape(anonymous().get("/privacy").body());
        assertThat(after).contains("Example Models Inc", "keeps nothing", "does not train on it")
                .doesNotContain("Version " + version);

        var markdown = anonymous().get("/privacy.md");
        assertThat(markdown.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/markdown");
        assertThat(markdown.body()).startsWith("# Privacy policy").contains("Example Models Inc")
                .contains(after.replaceAll("(?s).*Version ([0-9a-f]{12}).*", "$1"));
        installationAdmin().client().delete("/api/providers/" + provider.text("id"));
    }
}
