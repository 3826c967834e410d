package dev.custos.model;

import java.util.function.Consumer;

/** A model provider, spoken to in its own wire format. Implementations stream; they never buffer an answer. */
public interface ModelProvider {

    /**
     * Sends one call and hands each event on as it arrives, ending with {@link ChatEvent.Finished}.
     *
     * @throws ModelCallFailed when the provider refuses, fails, times out or sends what cannot be parsed
     */
    void stream(ChatRequest request, Consumer<ChatEvent> events);
}
