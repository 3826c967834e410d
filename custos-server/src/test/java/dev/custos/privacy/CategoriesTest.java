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

    @Test
    @Tag("DR-09")
    @DisplayName("a person sees the categories of data held about them and why; nothing is sold or shared, and a "
            + "Global Privacy Control signal is recorded as an opt-out")
    void categoriesAndOptOut() {
        SignedIn person = signUp("Californian");
        JsonNode before = person.client().get("/api/privacy/categories").json();
        assertThat(before.path("sold").asBoolean()).isFalse();
        assertThat(before.path("shared").asBoolean()).isFalse();
        assertThat(before.path("categories").has("user.contact.email")).isTrue();
        assertThat(before.path("categories").has("user.content.message")).as("no sessions yet").isFalse();

        UUID workspace = createWorkspace(person, "Californian's");
        String agent = person.client().post("/api/workspaces/" + workspace + "/agents", Map.of("name", "Helper",
                "instructions", "Help.", "model", "offline/scripted-demo")).text("id");
        person.client().post("/api/workspaces/" + workspace + "/agents/" + agent + "/sessions",
                Map.of("message", "hello"));
        JsonNode after = person.client().get("/api/privacy/categories", "Sec-GPC", "1").json();
        assertThat(after.path("categories").path("user.content.message").toString()).contains("service");

        JsonNode consents = person.client().get("/api/privacy/consents").json();
        assertThat(consents.path("current").valueStream()
                .filter(state -> state.path("purpose").asString().equals("sale_sharing")).findFirst().orElseThrow()
                .path("source").asString()).isEqualTo("gpc");
    }
}
