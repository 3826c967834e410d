package dev.custos.agent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.custos.model.ChatRequest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A session's events read as a conversation, without a database: what a resumed run sees. */
class TranscriptTest {

    private final List<SessionEvent> events = new ArrayList<>();

    private TranscriptTest add(SessionEvent.Kind kind, Map<String, Object> meta, Map<String, Object> content) {
        events.add(new SessionEvent(events.size() + 1, kind, Instant.EPOCH, meta, content));
        return this;
    }

    private TranscriptTest user(String text) {
        return add(SessionEvent.Kind.USER_MESSAGE, Map.of(), Map.of("text", text))
                .add(SessionEvent.Kind.RUN_STARTED, Map.of(), Map.of());
    }

    private TranscriptTest assistant(String text, String... callIds) {
        List<Map<String, String>> calls = new ArrayList<>();
        for (String id : callIds) {
            calls.add(Map.of("id", id, "name", "calculator", "arguments", "{\"expression\":\"6*7\"}"));
        }
        return add(SessionEvent.Kind.ASSISTANT_MESSAGE, Map.of(), Map.of("text", text, "toolCalls", calls));
    }

    private TranscriptTest result(String callId, String text) {
        return add(SessionEvent.Kind.TOOL_RESULT, Map.of("callId", callId), Map.of("text", text));
    }

    private Transcript transcript() {
        return new Transcript(events);
    }

    @Test
    @Tag("AI-01")
    @DisplayName("the conversation is the instructions, then every message, tool call and result in order")
    void conversationInOrder() {
        user("What is six times seven?").assistant("", "c1").result("c1", "42").assistant("It is 42.");
        List<ChatRequest.Message> conversation = transcript().conversation("Be brief.");
        assertThat(conversation).extracting(ChatRequest.Message::role)
                .containsExactly("system", "user", "assistant", "tool", "assistant");
        assertThat(transcript().answered()).isTrue();
        assertThat(transcript().unansweredToolCall()).isEmpty();
        assertThat(transcript().lastSeq()).isEqualTo(events.size());
        assertThat(new Transcript(List.of()).conversation("")).as("no instructions, no system message").isEmpty();
    }

    @Test
    @DisplayName("the first tool call without a result is the next step; once all are answered the model goes on")
    void unansweredToolCalls() {
        user("Two sums").assistant("", "c1", "c2").result("c1", "1");
        assertThat(transcript().unansweredToolCall()).hasValueSatisfying(call -> assertThat(call.id()).isEqualTo("c2"));
        assertThat(transcript().answered()).isFalse();
        result("c2", "2");
        assertThat(transcript().unansweredToolCall()).isEmpty();
        assertThat(transcript().answered()).as("results wait for the model's answer").isFalse();
    }

    @Test
    @DisplayName("a call left unanswered by a cancelled run gets a result saying so, since providers refuse it bare")
    void cancelledCallsAreClosed() {
        user("Sum").assistant("", "c1").add(SessionEvent.Kind.RUN_CANCELLED, Map.of(), Map.of()).user("Never mind");
        assertThat(transcript().unansweredToolCall()).as("a new message supersedes the old call").isEmpty();
        List<ChatRequest.Message> conversation = transcript().conversation("");
        assertThat(conversation).extracting(ChatRequest.Message::role)
                .containsExactly("user", "assistant", "tool", "user");
        assertThat(conversation.get(2).toString()).contains("the run was cancelled");
    }
}
