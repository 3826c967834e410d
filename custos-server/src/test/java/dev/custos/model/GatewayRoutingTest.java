package dev.custos.model;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.support.ApiClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Model routes: a workspace's name for several models, balanced by weight, falling back on a rate limit or a server
 * error before anything streamed, passing over a model that keeps failing; and the telemetry behind it.
 */
class GatewayRoutingTest extends GatewayIntegrationTest {

    private static Map<String, Object> chat(String model, String text) {
        return Map.of("model", model, "messages", List.of(Map.of("role", "user", "content", text)));
    }

    private static Map<String, Object> route(Object... modelsAndWeights) {
        var targets = new java.util.ArrayList<Map<String, Object>>();
        for (int i = 0; i < modelsAndWeights.length; i += 2) {
            targets.add(Map.of("model", modelsAndWeights[i], "weight", modelsAndWeights[i + 1]));
        }
        return Map.of("targets", targets);
    }

    private void putRoute(Gateway gateway, String name, Map<String, Object> route) {
        var put = gateway.owner().client().put("/api/workspaces/" + gateway.workspace() + "/model-routes/" + name,
                route);
        assertThat(put.status()).as(put.body()).isEqualTo(200);
    }

    private long sentTo(String model, int since) {
        return fake.received().subList(since, fake.received().size()).stream()
                .filter(call -> call.body().path("model").asString().equals(model)).count();
    }

    @Test
    @DisplayName("a route spreads calls over its targets by weight, is listed as a model, and each call is metered to "
            + "the provider's model that answered it")
    void balancesByWeight() {
        Gateway gateway = gateway("openai-compatible", true, "echo-a", "echo-b");
        putRoute(gateway, "balanced", route(gateway.model("echo-a"), 3, gateway.model("echo-b"), 1));
        assertThat(gateway.sdk().get("/v1/models").json().path("data").valueStream()
                .map(model -> model.path("id").asString())).contains("balanced");
        assertThat(gateway.sdk().get("/v1/models/balanced").json().path("owned_by").asString())
                .isEqualTo("custos route");

        int before = fake.received().size();
        for (int i = 0; i < 200; i++) {
            var answer = gateway.sdk().post("/v1/chat/completions", chat("balanced", "hi " + i));
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        }
        // 3:1 of 200 is 150 expected, with a standard deviation of 6: 120 to 180 fails one run in millions
        assertThat(sentTo("echo-a", before)).isBetween(120L, 180L);
        assertThat(sentTo("echo-a", before) + sentTo("echo-b", before)).isEqualTo(200);
        assertThat(gateway.owner().client().get("/api/workspaces/" + gateway.workspace() + "/usage").json()
                .path("days").path(0).path("calls").asLong()).isEqualTo(200);
    }

    @Test
    @DisplayName("a target that is rate limited or failing hands the call to the next before the client sees "
            + "anything, and after three failures in a row it is passed over for a while")
    void fallsBackAndSkipsTheUnhealthy() {
        Gateway gateway = gateway("openai-compatible", true, "rate-limited", "echo");
        putRoute(gateway, "resilient", route(gateway.model("rate-limited"), 1, gateway.model("echo"), 1));
        int before = fake.received().size();
        for (int i = 0; i < 40; i++) {
            var answer = gateway.sdk().post("/v1/chat/completions", chat("resilient", "call " + i));
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.json().path("choices").path(0).path("message").path("content").asString())
                    .isEqualTo("You said: call " + i);
        }
        // Picked first about half the time, but passed over once it failed three times in a row: fewer than three
        // first picks in 40 happens once in a billion runs.
        assertThat(sentTo("rate-limited", before)).isEqualTo(3);
        assertThat(sentTo("echo", before)).isEqualTo(40);
    }

    @Test
    @Tag("AI-02")
    @DisplayName("a route reaches only models the workspace allows: a target it does not allow cannot be added, and "
            + "one it stops allowing is passed over, the route refused when none is left")
    void routesStayWithinTheAllowlist() {
        Gateway gateway = gateway("openai-compatible", true, "echo");
        Registered other = registerProvider("openai-compatible", fake.baseUrl(), true, "echo");
        var refused = gateway.owner().client().put("/api/workspaces/" + gateway.workspace()
                + "/model-routes/sneaky", route(other.name() + "/echo", 1));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.problemType()).isEqualTo("/problems/route-target-unavailable");

        Gateway second = gateway("openai-compatible", true, "echo-two");
        allowProvider(gateway.owner(), gateway.workspace(), second.provider().id());
        putRoute(gateway, "pair", route(gateway.model("echo"), 1, second.model("echo-two"), 1));
        assertThat(gateway.owner().client().delete("/api/workspaces/" + gateway.workspace() + "/providers/"
                + second.provider().id()).status()).isEqualTo(204);
        int before = fake.received().size();
        for (int i = 0; i < 20; i++) {
            assertThat(gateway.sdk().post("/v1/chat/completions", chat("pair", "x")).status()).isEqualTo(200);
        }
        assertThat(sentTo("echo-two", before)).as("nothing to the provider no longer allowed").isZero();
        assertThat(gateway.owner().client().delete("/api/workspaces/" + gateway.workspace() + "/providers/"
                + gateway.provider().id()).status()).isEqualTo(204);
        int after = fake.received().size();
        var none = gateway.sdk().post("/v1/chat/completions", chat("pair", "x"));
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.json().path("error").path("code").asString()).isEqualTo("model_not_found");
        assertThat(fake.received().size()).isEqualTo(after);
    }

    @Test
    @DisplayName("routes are the workspace's own: another workspace's members can neither read, change nor call them")
    void crossWorkspace() {
        Gateway mine = gateway("openai-compatible", true, "echo");
        putRoute(mine, "private-route", route(mine.model("echo"), 1));
        Gateway theirs = gateway("openai-compatible", true, "echo");
        String path = "/api/workspaces/" + mine.workspace() + "/model-routes";
        assertThat(theirs.owner().client().get(path).status()).isEqualTo(404);
        assertThat(theirs.owner().client().put(path + "/private-route", route(theirs.model("echo"), 1)).status())
                .isEqualTo(404);
        assertThat(theirs.owner().client().delete(path + "/private-route").status()).isEqualTo(404);
        assertThat(theirs.sdk().post("/v1/chat/completions", chat("private-route", "x")).status()).isEqualTo(404);
        assertThat(mine.owner().client().get(path).json().path(0).path("name").asString()).isEqualTo("private-route");
    }

    @Test
    @Tag("AI-09")
    @DisplayName("routing telemetry is aggregated per provider model, holds no content and no identifier of a "
            + "person, workspace or key, and only installation administrators read it")
    void telemetryHoldsNoIdentifiers() {
        Gateway first = gateway("openai-compatible", true, "echo");
        Gateway second = gateway("openai-compatible", true, "other");
        allowProvider(second.owner(), second.workspace(), first.provider().id());
        String content = "secret-content-" + UUID.randomUUID();
        assertThat(first.sdk().post("/v1/chat/completions", chat(first.model("echo"), content)).status())
                .isEqualTo(200);
        assertThat(second.sdk().post("/v1/chat/completions", chat(first.model("echo"), content)).status())
                .isEqualTo(200);

        assertThat(first.owner().client().get("/api/admin/routing-telemetry").status()).isEqualTo(403);
        ApiClient admin = installationAdmin().client();
        String body = admin.get("/api/admin/routing-telemetry").body();
        JsonNode stats = admin.get("/api/admin/routing-telemetry").json().valueStream()
                .filter(entry -> entry.path("providerId").asString().equals(first.provider().id().toString()))
                .findFirst().orElseThrow();
        assertThat(stats.path("model").asString()).isEqualTo("echo");
        assertThat(stats.path("succeeded").asLong()).as("both workspaces' calls in one count").isEqualTo(2);
        assertThat(stats.path("firstAnswerP50Millis").asLong()).isPositive();
        assertThat(body).doesNotContain(content, first.workspace().toString(), second.workspace().toString(),
                first.owner().personId().toString(), second.owner().personId().toString(), first.owner().email(),
                second.owner().email(), first.keyId(), second.keyId(), first.key(), second.key());
        // and none could be: the aggregate is the model, counts and times
        assertThat(Arrays.stream(RoutingTelemetry.Stats.class.getRecordComponents()).map(RecordComponent::getType)
                .distinct().toList()).containsExactlyInAnyOrder(UUID.class, String.class, long.class, Instant.class);
        assertThat(Arrays.stream(RoutingTelemetry.Stats.class.getRecordComponents())
                .filter(component -> component.getType() == String.class).map(RecordComponent::getName).toList())
                .containsExactly("model");
    }
}
