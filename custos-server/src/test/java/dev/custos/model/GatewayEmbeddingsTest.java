package dev.custos.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /v1/embeddings} in the shapes OpenAI's SDKs send, in front of the fake provider. */
class GatewayEmbeddingsTest extends GatewayIntegrationTest {

    /** What {@code client.embeddings.create(...)} sends; both SDKs ask for base64 unless told otherwise. */
    private static Map<String, Object> sdkRequest(String model, Object input, Map<String, Object> parameters) {
        var body = new LinkedHashMap<String, Object>();
        body.put("model", model);
        body.put("input", input);
        body.put("encoding_format", "base64");
        body.putAll(parameters);
        return body;
    }

    @Test
    @DisplayName("vectors come back in OpenAI's list shape, as base64 float32s or as floats, shortened to the "
            + "dimensions asked for, with usage and the request's id; the end user reaches the provider as a "
            + "pseudonym")
    void embedsInOpenAiShapes() {
        Gateway gateway = gateway("openai", true, "text-embedding-3-small");
        String model = gateway.model("text-embedding-3-small");
        var base64 = gateway.sdk().post("/v1/embeddings", sdkRequest(model, List.of("red apples", "green pears"),
                Map.of("user", "alice@example.com", "dimensions", 16)));
        assertThat(base64.status()).as(base64.body()).isEqualTo(200);
        JsonNode sent = fake.lastReceived().body();
        assertThat(sent.path("model").asString()).isEqualTo("text-embedding-3-small");
        assertThat(sent.path("dimensions").asInt()).isEqualTo(16);
        assertThat(sent.path("user").asString()).startsWith("custos-").doesNotContain("alice");
        assertThat(sent.has("store")).as("OpenAI's embeddings API takes no store field").isFalse();
        assertThat(base64.headers().firstValue("x-request-id")).hasValueSatisfying(id -> assertThat(id)
                .startsWith("req_"));

        JsonNode list = base64.json();
        assertThat(list.path("object").asString()).isEqualTo("list");
        assertThat(list.path("model").asString()).isEqualTo(model);
        assertThat(list.path("usage").path("prompt_tokens").asLong()).isEqualTo(4);
        assertThat(list.path("usage").path("total_tokens").asLong()).isEqualTo(4);
        assertThat(list.path("data").size()).isEqualTo(2);
        assertThat(list.path("data").path(1).path("object").asString()).isEqualTo("embedding");
        assertThat(list.path("data").path(1).path("index").asInt()).isEqualTo(1);
        float[] decoded = floats(list.path("data").path(0).path("embedding").asString());
        assertThat(decoded).hasSize(16);

        JsonNode floats = gateway.sdk().post("/v1/embeddings", sdkRequest(model, "red apples",
                Map.of("encoding_format", "float", "dimensions", 16))).json();
        JsonNode vector = floats.path("data").path(0).path("embedding");
        assertThat(vector.size()).isEqualTo(16);
        for (int i = 0; i < decoded.length; i++) {
            assertThat((float) vector.path(i).asDouble()).isEqualTo(decoded[i]);
        }
    }

    @Test
    @DisplayName("what the endpoint cannot take is refused in OpenAI's error shape, naming the parameter, before "
            + "anything is sent: token arrays, empty texts, unknown encodings and parameters")
    void refusals() {
        Gateway gateway = gateway("openai-compatible", true, "embed");
        String model = gateway.model("embed");
        int before = fake.received().size();
        var tokens = gateway.sdk().post("/v1/embeddings", sdkRequest(model, List.of(List.of(1, 2, 3)), Map.of()));
        assertThat(tokens.status()).isEqualTo(400);
        assertThat(tokens.json().path("error").path("param").asString()).isEqualTo("input");
        assertThat(tokens.json().path("error").path("code").asString()).isEqualTo("unsupported_parameter");
        assertThat(gateway.sdk().post("/v1/embeddings", sdkRequest(model, "", Map.of())).json().path("error")
                .path("param").asString()).isEqualTo("input");
        assertThat(gateway.sdk().post("/v1/embeddings", sdkRequest(model, "x", Map.of("encoding_format", "int8")))
                .json().path("error").path("param").asString()).isEqualTo("encoding_format");
        var unknown = gateway.sdk().post("/v1/embeddings", sdkRequest(model, "x", Map.of("colour", "red")));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("error").path("code").asString()).isEqualTo("unrecognized_parameter");
        assertThat(gateway.sdk().postRaw("/v1/embeddings", "{\"model\":").json().path("error").path("code")
                .asString()).isEqualTo("invalid_json");
        assertThat(fake.received().size()).isEqualTo(before);

        var providerRefused = gateway.sdk().post("/v1/embeddings", sdkRequest(model, "x", Map.of("dimensions", 999)));
        assertThat(providerRefused.status()).as("the provider's 400 is the client's fault").isEqualTo(400);
        assertThat(providerRefused.json().path("error").path("param").asString()).isEqualTo("dimensions");
    }

    @Test
    @Tag("AI-02")
    @DisplayName("content is embedded only by providers the workspace allows: another registered provider's model "
            + "is refused as unknown and nothing is sent")
    void onlyAllowedProviders() {
        Gateway gateway = gateway("openai-compatible", true, "embed");
        Registered other = registerProvider("openai-compatible", fake.baseUrl(), true, "embed");
        int before = fake.received().size();
        var refused = gateway.sdk().post("/v1/embeddings", sdkRequest(other.name() + "/embed", "secret", Map.of()));
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.json().path("error").path("code").asString()).isEqualTo("model_not_found");
        assertThat(refused.json().path("error").path("param").asString()).isEqualTo("model");
        assertThat(fake.received().size()).isEqualTo(before);
    }

    @Test
    @Tag("AI-03")
    @DisplayName("every embeddings call carries the provider's no-retention fields, and a workspace that demands "
            + "zero retention never sends content to a provider without it")
    void zeroRetention() {
        Gateway router = gateway("openrouter", true, "embed");
        assertThat(router.sdk().post("/v1/embeddings", sdkRequest(router.model("embed"), "hi", Map.of())).status())
                .isEqualTo(200);
        assertThat(fake.lastReceived().body().path("provider").path("data_collection").asString()).isEqualTo("deny");

        Gateway retaining = gateway("openai-compatible", false, "embed");
        assertThat(retaining.owner().client().put("/api/workspaces/" + retaining.workspace() + "/model-settings",
                Map.of("requireZeroRetention", true)).status()).isEqualTo(200);
        int before = fake.received().size();
        var refused = retaining.sdk().post("/v1/embeddings", sdkRequest(retaining.model("embed"), "hi", Map.of()));
        assertThat(refused.status()).isEqualTo(404);
        assertThat(fake.received().size()).isEqualTo(before);
    }

    @Test
    @Tag("AI-08")
    @DisplayName("embedding tokens are metered per workspace, person and API key")
    void metering() {
        Gateway gateway = gateway("openai-compatible", true, "embed");
        gateway.sdk().post("/v1/embeddings", sdkRequest(gateway.model("embed"), List.of("one two", "three"),
                Map.of()));
        String usage = "/api/workspaces/" + gateway.workspace() + "/usage";
        JsonNode today = gateway.owner().client().get(usage).json().path("days").path(0);
        assertThat(today.path("calls").asLong()).isEqualTo(1);
        assertThat(today.path("inputTokens").asLong()).isEqualTo(3);
        JsonNode byKey = gateway.owner().client().get(usage + "?by=api-key").json().path("days").path(0);
        assertThat(byKey.path("key").asString()).as("metered to the key it came with").isEqualTo(gateway.keyId());
        assertThat(byKey.path("inputTokens").asLong()).isEqualTo(3);
        JsonNode byPerson = gateway.owner().client().get(usage + "?by=person").json().path("days").path(0);
        assertThat(byPerson.path("key").asString()).isEqualTo(gateway.owner().personId().toString());
    }

    private static float[] floats(String base64) {
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.remaining() / Float.BYTES];
        for (int i = 0; i < values.length; i++) {
            values[i] = bytes.getFloat();
        }
        return values;
    }
}
