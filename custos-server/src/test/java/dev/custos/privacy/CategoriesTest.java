package dev.custos.privacy;

import java.util.Map;
import java.util.UUID;

import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class CategoriesTest extends CustosIntegrationTest {

    private static java.util.List<String> labels(JsonNode categories) {
        return categories.valueStream().map(c -> c.path("label").asString()).toList();
    }

    @Test
    @Tag("DR-09")
    @DisplayName("a person sees the categories of data held about them and why; nothing is sold or shared, and a "
            + "Global Privacy Control signal is recorded as an opt-out")
    void categoriesAndOptOut() {
        SignedIn person = signUp("Californian");
        JsonNode before = person.client().get("/api/privacy/categories").json();
        assertThat(before.path("sold").asBoolean()).isFalse();
        assertThat(before.path("shared").asBoolean()).isFalse();
        assertThat(labels(before.path("pastTwelveMonths"))).contains("Your email address")
                .doesNotContain("What you wrote to agents and what they answered");
        assertThat(before.toString()).as("words, not internal codes").doesNotContain("\"label\":\"user.");
        assertThat(before.path("pastTwelveMonths").valueStream()
                .filter(c -> c.path("label").asString().equals("Your email address")).findFirst().orElseThrow()
                .path("ccpaCategory").asString()).isEqualTo("Identifiers");

        UUID workspace = createWorkspace(person, "Californian's");
        String agent = person.client().post("/api/workspaces/" + workspace + "/agents", Map.of("name", "Helper",
                "instructions", "Help.", "model", "offline/scripted-demo")).text("id");
        person.client().post("/api/workspaces/" + workspace + "/agents/" + agent + "/sessions",
                Map.of("message", "hello"));
        JsonNode after = person.client().get("/api/privacy/categories", "Sec-GPC", "1").json();
        assertThat(labels(after.path("pastTwelveMonths"))).contains("What you wrote to agents and what they answered");

        // Collected more than 12 months ago, and not changed since: held, but not collected in the past 12 months.
        asOwner().sql("UPDATE people SET created_at = now() - interval '13 months', updated_at = now() - interval "
                + "'13 months' WHERE person_id = :p").param("p", person.personId()).update();
        JsonNode older = person.client().get("/api/privacy/categories").json();
        assertThat(labels(older.path("pastTwelveMonths"))).doesNotContain("Your email address");
        assertThat(labels(older.path("heldNow"))).contains("Your email address");
        assertThat(person.client().get("/settings/privacy").body()).contains("Identifiers")
                .contains("What you wrote to agents and what they answered");

        JsonNode consents = person.client().get("/api/privacy/consents").json();
        assertThat(consents.path("current").valueStream()
                .filter(state -> state.path("purpose").asString().equals("sale_sharing")).findFirst().orElseThrow()
                .path("source").asString()).isEqualTo("gpc");
    }
}
