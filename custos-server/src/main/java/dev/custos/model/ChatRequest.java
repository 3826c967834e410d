package dev.custos.model;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One model call: the model, the conversation so far and the tools the model may call.
 *
 * @param toolsJson the tool definitions as a JSON array of {@code {name, description, parameters}} (a JSON
 *                  Schema each), or null for none; each adapter writes them in its provider's shape
 */
public record ChatRequest(String model, List<Message> messages, @Nullable String toolsJson) {

    public ChatRequest {
        messages = List.copyOf(messages);
    }

    /**
     * A message of the conversation; {@code role} is system, user, assistant or tool. An assistant message may
     * carry the tool calls the model made; a tool message answers one of them by {@code toolCallId}.
     */
    public record Message(String role, String content, @Nullable String toolCallId, List<ChatEvent.ToolCall> toolCalls) {

        public Message {
            toolCalls = List.copyOf(toolCalls);
        }

        public static Message of(String role, String content) {
            return new Message(role, content, null, List.of());
        }

        public static Message toolResult(String toolCallId, String content) {
            return new Message("tool", content, toolCallId, List.of());
        }

        public static Message assistant(String content, List<ChatEvent.ToolCall> toolCalls) {
            return new Message("assistant", content, null, toolCalls);
        }
    }
}
