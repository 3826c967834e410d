package dev.custos.privacy;

import java.util.Map;

import dev.custos.support.CustosIntegrationTest;
import dev.custos.platform.personaldata.MappedTable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.util.HtmlUtils;

import static org.assertj.core.api.Assertions.assertThat;

class PrivacyPolicyTest extends CustosIntegrationTest {

    @Autowired
    private DataMap map;

    /** How /privacy words each legal basis of the data map. */
    private static final Map<String, String> BASES = Map.of("contract", "performance of our contract",
            "legitimate_interest", "our legitimate interests", "consent", "your consent",
            "legal_obligation", "a legal obligation we are under");

    @Test
    @Tag("GV-03")
    @DisplayName("/privacy lists every category under the purpose and legal basis the data map gives its column "
            + "(a column's own basis over its table's), and nothing else under them")
    @SuppressWarnings("unchecked")
    void everyColumnUnderItsOwnLegalBasis() throws Exception {
        // What the map says, read here on its own (not through DataMap, which could drop what it does not know)
        Map<String, java.util.Set<String>> expected = new java.util.TreeMap<>();
        try (var in = getClass().getResourceAsStream("/privacy/datamap.yaml")) {
            Map<String, Map<String, Object>> tables = (Map<String, Map<String, Object>>)
                    new org.yaml.snakeyaml.Yaml().<Map<String, Object>>load(in).get("tables");
            tables.forEach((name, table) -> {
                if ("none".equals(table.get("subject"))) {
                    return;
                }
                ((Map<String, Map<String, Object>>) table.get("columns")).forEach((column, spec) -> {
                    String basis = (String) spec.getOrDefault("legal_basis", table.get("legal_basis"));
                    String category = (String) spec.get("category");
                    var line = expected.computeIfAbsent(String.valueOf(table.get("purpose")).replace('_', ' ')
                            + " | " + BASES.get(basis), key -> new java.util.TreeSet<>());
                    if (!category.startsWith("system.")) {
                        line.add(category);
                    }
                });
            });
        }
        assertThat(expected.keySet()).as("a column has a basis of its own").anyMatch(key -> key.contains(
                "a legal obligation"));

        String html = HtmlUtils.htmlUnescape(anonymous().get("/privacy").body());
        Map<String, java.util.Set<String>> published = new java.util.TreeMap<>();
        var section = java.util.regex.Pattern.compile("(?s)<section>\\s*<h3>([^<]+)</h3>.*?Legal basis: <span>([^<]+)"
                + "</span>.*?Categories: <span>([^<]*)</span>").matcher(html);
        while (section.find()) {
            String basis = BASES.values().stream().filter(section.group(2)::startsWith).findFirst().orElseThrow();
            String purpose = section.group(1).strip(); // the page capitalises its first letter
            var categories = published.computeIfAbsent(purpose.substring(0, 1).toLowerCase(java.util.Locale.ROOT)
                    + purpose.substring(1) + " | " + basis, key -> new java.util.TreeSet<>());
            java.util.Arrays.stream(section.group(3).split(",\\s*")).filter(c -> !c.isBlank()).forEach(categories::add);
        }
        assertThat(published.keySet()).as("purposes and bases").containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((line, categories) -> assertThat(published.get(line)).as(line).isEqualTo(categories));
    }

    @Test
    @Tag("GV-03")
    @DisplayName("/privacy is generated from the data map and the recipients: every purpose, legal basis and "
            + "retention rule is in it, and a new model provider shows up as a recipient")
    void generatedFromTheDataMap() {
        var page = anonymous().get("/privacy");
        assertThat(page.status()).isEqualTo(200);
        String html = HtmlUtils.htmlUnescape(page.body());
        for (MappedTable table : map.tables()) {
            if (table.subject().equals("none")) {
                continue;
            }
            assertThat(html).as(table.name()).contains(table.retention())
                    .containsIgnoringCase(table.purpose().replace('_', ' '));
        }
        assertThat(html).contains("performance of our contract", "a legal obligation we are under",
                "our legitimate interests", "user.contact.email",
                "GDPR one month or 30 days, whichever is shorter, CCPA 30 days (the law allows 45), KVKK 30 days");
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
