package dev.custos.model;

import java.util.List;
import java.util.function.Consumer;

/** A model provider, spoken to in its own wire format. Implementations stream; they never buffer an answer. */
public interface ModelProvider {

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
    default Embeddings embed(String model, List<String> inputs) {
        throw new ModelCallFailed("This provider offers no embeddings.", 400, false, null);
    }
}
