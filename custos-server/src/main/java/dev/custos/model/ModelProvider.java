package dev.custos.model;

import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/** A model provider, spoken to in its own wire format. Implementations stream; they never buffer an answer. */
public interface ModelProvider {

    /**
     * What to embed.
     *
     * @param dimensions the vectors' length, for models that can shorten them; null for the model's own
     * @param endUser    the end user's pseudonym, for the provider's abuse monitoring; null when none was named
     */
    record EmbeddingRequest(String model, List<String> inputs, @Nullable Integer dimensions,
                            @Nullable String endUser) {
        public EmbeddingRequest {
            inputs = List.copyOf(inputs);
        }
    }

    /** Embeddings of some inputs, in their order, with the tokens the provider counted. */
    record Embeddings(List<float[]> vectors, long inputTokens) {
    }

    /**
     * Sends one call and hands each event on as it arrives, ending with {@link ChatEvent.Finished}.
     *
     * @throws ModelCallFailed when the provider refuses, fails, times out or sends what cannot be parsed
     */
    void stream(ChatRequest request, Consumer<ChatEvent> events);

    /**
     * Embeds the inputs with the model.
     *
     * @throws ModelCallFailed when the provider refuses or fails, or speaks no embeddings at all
     */
    default Embeddings embed(EmbeddingRequest request) {
        throw new ModelCallFailed("This provider offers no embeddings.", 400, false, null);
    }
}
