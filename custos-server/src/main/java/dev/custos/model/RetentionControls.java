package dev.custos.model;

import java.util.Map;

/**
 * The fields an OpenAI-compatible API accepts to keep a call out of its storage and training, merged into every
 * request body: providers differ, so the registry picks the right set per provider.
 *
 * @param requestFields top-level JSON fields added to each request
 */
public record RetentionControls(Map<String, Object> requestFields) {

    public RetentionControls {
        requestFields = Map.copyOf(requestFields);
    }

    /** For a server with no such controls (a self-hosted vLLM or Ollama keeps nothing to begin with). */
    public static RetentionControls none() {
        return new RetentionControls(Map.of());
    }

    /** OpenAI: do not store the completion. */
    public static RetentionControls openAi() {
        return new RetentionControls(Map.of("store", false));
    }

    /** OpenRouter: route only to providers that do not collect data for training or retention. */
    public static RetentionControls openRouter() {
        return new RetentionControls(Map.of("provider", Map.of("data_collection", "deny")));
    }
}
