package dev.custos.model;

import java.util.Map;

/**
 * The fields an OpenAI-compatible API accepts to keep a call out of its storage and training, merged into every
 * request body: providers differ, so the registry picks the right set per provider.
 *
 * @param requestFields   top-level JSON fields added to each chat request
 * @param embeddingFields top-level JSON fields added to each embeddings request (an API may refuse a chat field
 *                        there, as OpenAI refuses {@code store})
 */
public record RetentionControls(Map<String, Object> requestFields, Map<String, Object> embeddingFields) {

    public RetentionControls {
        requestFields = Map.copyOf(requestFields);
        embeddingFields = Map.copyOf(embeddingFields);
    }

    /** For a server with no such controls (a self-hosted vLLM or Ollama keeps nothing to begin with). */
    public static RetentionControls none() {
        return new RetentionControls(Map.of(), Map.of());
    }

    /** OpenAI: do not store the completion; embeddings are never stored, and their API takes no such field. */
    public static RetentionControls openAi() {
        return new RetentionControls(Map.of("store", false), Map.of());
    }

    /** OpenRouter: route only to providers that do not collect data for training or retention. */
    public static RetentionControls openRouter() {
        Map<String, Object> deny = Map.of("provider", Map.of("data_collection", "deny"));
        return new RetentionControls(deny, deny);
    }
}
