package dev.custos.model;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** The parts of an OpenAI chat completion request Custos acts on, as {@link OpenAiWire#readRequest} reads them. */
record OpenAiCompletionRequest(String model, List<ChatRequest.Message> messages, @Nullable String toolsJson,
                               boolean stream, boolean includeUsage, ChatRequest.Options options) {
}
