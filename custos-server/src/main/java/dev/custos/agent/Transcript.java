package dev.custos.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.custos.model.ChatEvent;
import dev.custos.model.ChatRequest;

/**
 * A session's stored events read as a conversation: what the model is sent next, which tool call still waits for
 * its result, and whether the run's last answer ended it. Pure: no database, no Spring; the run rebuilds it from
 * the events at every step, so a resumed run sees exactly what was stored.
 */
record Transcript(List<SessionEvent> events) {

    Transcript {
        events = List.copyOf(events);
    }

    /** The first tool call of the latest assistant message that has no result yet. */
    Optional<ChatEvent.ToolCall> unansweredToolCall() {
        List<ChatEvent.ToolCall> calls = List.of();
        List<String> answered = new ArrayList<>();
        for (SessionEvent event : events) {
            switch (event.kind()) {
                case ASSISTANT_MESSAGE -> {
                    calls = toolCalls(event);
                    answered.clear();
                }
                case TOOL_RESULT -> answered.add(String.valueOf(event.meta().get("callId")));
                case USER_MESSAGE -> calls = List.of();
                default -> {
                }
            }
        }
        return calls.stream().filter(call -> !answered.contains(call.id())).findFirst();
    }

    /** Whether this run's latest model answer had no tool calls: the run is done. */
    boolean answered() {
        for (int i = events.size() - 1; i >= 0; i--) {
            SessionEvent event = events.get(i);
            if (event.kind() == SessionEvent.Kind.RUN_STARTED || event.kind() == SessionEvent.Kind.TOOL_RESULT) {
                return false;
            }
            if (event.kind() == SessionEvent.Kind.ASSISTANT_MESSAGE) {
                return toolCalls(event).isEmpty();
            }
        }
        return false;
    }

    /** The seq of the last stored event, or 0 when there is none. */
    long lastSeq() {
        return events.isEmpty() ? 0 : events.getLast().seq();
    }

    /**
     * The conversation for the next model call, after the agent's instructions. A tool call that never got a result
     * (its run was cancelled) gets one saying so, since providers refuse a conversation with an unanswered call.
     */
    List<ChatRequest.Message> conversation(String instructions) {
        List<ChatRequest.Message> messages = new ArrayList<>();
        if (!instructions.isBlank()) {
            messages.add(ChatRequest.Message.of("system", instructions));
        }
        List<ChatEvent.ToolCall> open = new ArrayList<>();
        for (SessionEvent event : events) {
            String text = String.valueOf(event.content().getOrDefault("text", ""));
            switch (event.kind()) {
                case USER_MESSAGE -> {
                    open.forEach(call -> messages.add(ChatRequest.Message.toolResult(call.id(),
                            "This call was not run: the run was cancelled.")));
                    open.clear();
                    messages.add(ChatRequest.Message.of("user", text));
                }
                case ASSISTANT_MESSAGE -> {
                    open.clear();
                    open.addAll(toolCalls(event));
                    messages.add(ChatRequest.Message.assistant(text, toolCalls(event)));
                }
                case TOOL_RESULT -> {
                    String callId = String.valueOf(event.meta().get("callId"));
                    open.removeIf(call -> call.id().equals(callId));
                    messages.add(ChatRequest.Message.toolResult(callId, text));
                }
                default -> {
                }
            }
        }
        return messages;
    }

    @SuppressWarnings("unchecked")
    private static List<ChatEvent.ToolCall> toolCalls(SessionEvent event) {
        Object stored = event.content().get("toolCalls");
        if (!(stored instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().map(entry -> (Map<String, Object>) entry)
                .map(entry -> new ChatEvent.ToolCall(String.valueOf(entry.get("id")),
                        String.valueOf(entry.get("name")), String.valueOf(entry.get("arguments"))))
                .toList();
    }
}
