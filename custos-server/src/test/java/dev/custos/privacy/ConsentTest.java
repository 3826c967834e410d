package dev.custos.privacy;

import java.util.List;
import java.util.Map;

import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsentTest extends CustosIntegrationTest {

    private static JsonNode state(JsonNode consents, String purpose) {
        return consents.path("current").valueStream().filter(s -> s.path("purpose").asString().equals(purpose))
                .findFirst().orElseThrow();
    }

    @Test
    @Tag("DR-07")
    @DisplayName("nothing is consented until given; each decision is kept with the notice version; withdrawing "
            + "everything is one action")
    void giveAndWithdraw() {
        SignedIn person = signUp("Consenting Person");
        JsonNode before = person.client().get("/api/privacy/consents").json();
        assertThat(before.path("current").valueStream().noneMatch(s -> s.path("given").asBoolean())).isTrue();

        for (String purpose : List.of("marketing_email", "product_analytics")) {
            var given = person.client().post("/api/privacy/consents", Map.of("purpose", purpose, "given", true,
                    "noticeVersion", "2026-11"));
            assertThat(given.status()).as(given.body()).isEqualTo(200);
            assertThat(given.json().path("given").asBoolean()).isTrue();
        }
        var withdrawn = person.client().post("/api/privacy/consents/withdraw-all", null);
        assertThat(withdrawn.json().path("withdrawn").toString())
                .isEqualTo("[\"marketing_email\",\"product_analytics\"]");
        JsonNode after = person.client().get("/api/privacy/consents").json();
        assertThat(state(after, "marketing_email").path("given").asBoolean()).isFalse();
        assertThat(state(after, "marketing_email").path("source").asString()).isEqualTo("withdraw_all");
        assertThat(after.path("history").size()).isEqualTo(4);
        assertThat(after.path("history").path(0).path("noticeVersion").asString()).isEqualTo("2026-11");

        assertThat(person.client().post("/api/privacy/consents", Map.of("purpose", "telepathy", "given", true,
                "noticeVersion", "1")).status()).isEqualTo(400);
        assertThatThrownBy(() -> asApp().sql("UPDATE consent_records SET given = true").update())
                .as("the application cannot change a record").rootCause().hasMessageContaining("permission denied");
        assertThatThrownBy(() -> asOwner().sql("UPDATE consent_records SET given = true").update())
                .as("nor can the owner: the history cannot be rewritten").rootCause().hasMessageContaining("append-only");
    }

    @Test
    @Tag("DR-09")
    @DisplayName("a Global Privacy Control signal is recorded once as an opt-out of sale and sharing")
    void globalPrivacyControl() {
        SignedIn person = signUp("GPC Person");
        person.client().stream("/api/privacy/notices", null, "Sec-GPC", "1");
        person.client().stream("/api/privacy/notices", null, "Sec-GPC", "1");
        JsonNode consents = person.client().get("/api/privacy/consents").json();
        JsonNode sale = state(consents, "sale_sharing");
        assertThat(sale.path("given").asBoolean()).isFalse();
        assertThat(sale.path("source").asString()).isEqualTo("gpc");
        assertThat(consents.path("history").valueStream().filter(d -> d.path("source").asString().equals("gpc")))
                .hasSize(1);
        SignedIn other = signUp("No GPC Person");
        other.client().get("/api/privacy/notices");
        assertThat(state(other.client().get("/api/privacy/consents").json(), "sale_sharing").has("source")).isFalse();
    }
}
