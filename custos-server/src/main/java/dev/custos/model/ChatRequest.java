package dev.custos.model;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One model call: the model, the conversation so far and the tools the model may call.
 *
 * @param toolsJson the tool definitions as the provider's JSON array, or null for none
 */
public record ChatRequest(String model, List<Message> messages, @Nullable String toolsJson) {

    public ChatRequest {
        messages = List.copyOf(messages);
    }

    /** A message of the conversation; {@code role} is system, user, assistant or tool. */
    public record Message(String role, String content, @Nullable String toolCallId) {

        public static Message of(String role, String content) {
            return new Message(role, content, null);
        }
    }
}
