package dev.custos.model;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScriptedProviderTest {

    private final ScriptedProvider model = ScriptedProvider.demo();

    /** The tool a rule of the demo script calls, declared as an agent with it declares it. */
    private static final String DATETIME = "[{\"name\":\"datetime\",\"description\":\"Now\","
            + "\"parameters\":{\"type\":\"object\"}}]";

    private List<ChatEvent> call(ChatRequest.Message... messages) {
        var events = new ArrayList<ChatEvent>();
        model.stream(new ChatRequest("scripted", List.of(messages), DATETIME), events::add);
        return events;
    }

    private static String text(List<ChatEvent> events) {
        var text = new StringBuilder();
        events.stream().filter(ChatEvent.TextDelta.class::isInstance)
                .forEach(e -> text.append(((ChatEvent.TextDelta) e).text()));
        return text.toString();
    }

    @Test
    @DisplayName("a scripted reply streams word by word, says what it is, and counts tokens")
    void repliesFromTheScript() {
        List<ChatEvent> events = call(ChatRequest.Message.of("user", "Hello there"));
        assertThat(events.stream().filter(ChatEvent.TextDelta.class::isInstance).count()).isGreaterThan(5);
        assertThat(text(events)).contains(ScriptedProvider.LABEL);
        var usage = events.stream().filter(ChatEvent.Usage.class::isInstance).map(ChatEvent.Usage.class::cast)
                .findFirst().orElseThrow();
        assertThat(usage.inputTokens()).isGreaterThan(0);
        assertThat(usage.outputTokens()).isEqualTo((text(events).length() + 3) / 4);
        assertThat(events.getLast()).isEqualTo(new ChatEvent.Finished("stop"));
        assertThat(call(ChatRequest.Message.of("user", "Hello there"))).as("deterministic").isEqualTo(events);
    }

    @Test
    @DisplayName("a rule with a tool calls it first, then answers with the tool's result")
    void callsToolThenAnswers() {
        List<ChatEvent> first = call(ChatRequest.Message.of("user", "What time is it?"));
        var toolCall = first.stream().filter(ChatEvent.ToolCall.class::isInstance).map(ChatEvent.ToolCall.class::cast)
                .findFirst().orElseThrow();
        assertThat(toolCall.name()).isEqualTo("datetime");
        assertThat(first.getLast()).isEqualTo(new ChatEvent.Finished("tool_calls"));

        List<ChatEvent> second = call(ChatRequest.Message.of("user", "What time is it?"),
                ChatRequest.Message.assistant("", List.of(toolCall)),
                ChatRequest.Message.toolResult(toolCall.id(), "12:00 UTC"));
        assertThat(text(second)).isEqualTo("It is 12:00 UTC right now.");
    }
}
