package dev.custos.fakes;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fake provider's {@code POST /v1/embeddings}, in OpenAI's format: each input's words hashed into 64
 * dimensions (a bag of words, unit length), so texts sharing words are near; {@code usage.prompt_tokens} counts
 * words. {@code dimensions} shortens the vectors as OpenAI's newer models do (the first ones, made unit length
 * again). A model named {@code rate-limited} answers 429.
 */
final class FakeEmbeddings {

    static final int DIMENSIONS = 64;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private FakeEmbeddings() {
    }

    /** The answer's status and body for a request. */
    static Object[] answer(JsonNode request) {
        String model = request.path("model").asString("");
        if (model.equals("rate-limited")) {
            return new Object[] {429, "{\"error\":{\"message\":\"Try later\",\"type\":\"rate_limit_exceeded\"}}"};
        }
        JsonNode input = request.path("input");
        if (!input.isArray() && !input.isString()) {
            return new Object[] {400, "{\"error\":{\"message\":\"input is required\",\"type\":\"invalid_request_error\"}}"};
        }
        int length = request.path("dimensions").asInt(DIMENSIONS);
        if (length < 1 || length > DIMENSIONS) {
            return new Object[] {400, "{\"error\":{\"message\":\"dimensions must be between 1 and " + DIMENSIONS
                    + "\",\"type\":\"invalid_request_error\",\"param\":\"dimensions\",\"code\":null}}"};
        }
        ObjectNode answer = JSON.createObjectNode().put("object", "list").put("model", model);
        ArrayNode data = answer.putArray("data");
        long tokens = 0;
        int index = 0;
        for (JsonNode text : input.isArray() ? input : JSON.createArrayNode().add(input)) {
            float[] vector = new float[DIMENSIONS];
            for (String word : text.asString("").toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
                if (!word.isEmpty()) {
                    vector[Math.floorMod(hash(word), DIMENSIONS)] += 1;
                    tokens++;
                }
            }
            ObjectNode item = data.addObject().put("object", "embedding").put("index", index++);
            ArrayNode values = item.putArray("embedding");
            double norm = 0;
            for (int i = 0; i < length; i++) {
                norm += vector[i] * vector[i];
            }
            for (int i = 0; i < length; i++) {
                values.add(norm == 0 ? 0 : vector[i] / Math.sqrt(norm));
            }
        }
        answer.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        return new Object[] {200, answer.toString()};
    }

    private static int hash(String word) {
        int hash = 7;
        for (byte b : word.getBytes(StandardCharsets.UTF_8)) {
            hash = hash * 31 + b;
        }
        return hash;
    }
}
