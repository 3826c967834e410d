package dev.custos.model;

import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * The parts of an OpenAI chat completion request Custos acts on, as {@link OpenAiWire#readRequest} reads them.
 *
 * @param parameters the parameters to pass on ({@link OpenAiParameters}), as sent
 */
record OpenAiCompletionRequest(String model, List<ChatRequest.Message> messages, @Nullable String toolsJson,
                               boolean stream, boolean includeUsage, ObjectNode parameters) {
}
