package dev.custos.platform;

import java.util.Map;
import java.util.UUID;

import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BadInputTest extends CustosIntegrationTest {

    @Test
    @DisplayName("bad input gets problem+json with the right status and nothing is written")
    void problemsForBadInput() {
        SignedIn person = signUp("Bad Input");
        long workspaces = asOwner().sql("SELECT count(*) FROM workspaces").query(Long.class).single();

        var malformed = person.client().postRaw("/api/workspaces", "{\"name\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.problemType()).isEqualTo("/problems/malformed-json");
        var invalid = person.client().post("/api/workspaces", Map.of("name", ""));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.headers().firstValue("Content-Type").orElseThrow()).contains("application/problem+json");
        assertThat(invalid.body()).contains("\"field\":\"name\"");

        var unknownRegion = person.client().post("/api/workspaces", Map.of("name", "x", "region", "MARS"));
        assertThat(unknownRegion.status()).isEqualTo(400);

        var huge = person.client().post("/api/workspaces", Map.of("name", "x".repeat(2_000_000)));
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.problemType()).isEqualTo("/problems/payload-too-large");

        assertThat(person.client().get("/api/workspaces/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(person.client().get("/api/workspaces/not-a-uuid").status()).isEqualTo(400);
        assertThat(anonymous().get("/api/workspaces").status()).isEqualTo(401);
        assertThat(asOwner().sql("SELECT count(*) FROM workspaces").query(Long.class).single()).isEqualTo(workspaces);
    }

    @Test
    @DisplayName("a cookie-authenticated write without the CSRF token is refused")
    void csrfRequired() {
        SignedIn person = signUp("No Csrf");
        var refused = person.client().withoutCsrfHeader().post("/api/workspaces", Map.of("name", "x"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(person.client().get("/api/workspaces").json().size()).isZero();
    }

    @Test
    @DisplayName("malformed JSON from an API client is a 400 problem")
    void malformedJson() {
        SignedIn owner = signUp("Json");
        UUID ws = createWorkspace(owner, "Json");
        var client = dev.custos.support.ApiClient.withApiKey(port, createApiKey(owner, ws, "read", "admin"));
        var malformed = client.postRaw("/api/workspaces/" + ws + "/invites", "{\"role\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.problemType()).isEqualTo("/problems/malformed-json");
    }
}
