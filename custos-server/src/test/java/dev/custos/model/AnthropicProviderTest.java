package dev.custos.model;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.custos.fakes.FakeModelProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Anthropic Messages adapter against a fake provider over real HTTP. */
class AnthropicProviderTest {

    private FakeModelProvider fake;
    private AnthropicProvider provider;

    @BeforeEach
    void start() throws Exception {
        fake = FakeModelProvider.start();
        provider = new AnthropicProvider(fake.baseUrl(), "sk-ant-test", HttpClient.newHttpClient(),
                JsonMapper.builder().build(), Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private List<ChatEvent> call(String model) {
        var events = new ArrayList<ChatEvent>();
        provider.stream(new ChatRequest(model, List.of(ChatRequest.Message.of("system", "Be brief."),
                ChatRequest.Message.of("user", "Hi")), null), events::add);
        return events;
    }

    @Test
    @DisplayName("text streams as deltas; usage and stop reason come at the end; system goes to its own field")
    void streamsText() {
        assertThat(call("claude-test")).containsExactly(new ChatEvent.TextDelta("You "),
                new ChatEvent.TextDelta("said"), new ChatEvent.TextDelta(": Hi"), new ChatEvent.Usage(2, 3),
                new ChatEvent.Finished("end_turn"));
        var sent = fake.lastReceived();
        assertThat(sent.header("x-api-key")).isEqualTo("sk-ant-test");
        assertThat(sent.header("anthropic-version")).isEqualTo(AnthropicProvider.API_VERSION);
        assertThat(sent.body().path("system").asString()).isEqualTo("Be brief.");
        assertThat(sent.body().path("messages").size()).isEqualTo(1);
        assertThat(sent.body().path("messages").path(0).path("role").asString()).isEqualTo("user");
    }

    @Test
    @DisplayName("tool use arrives with its input assembled from partial JSON")
    void assemblesToolUse() {
        assertThat(call("tools")).filteredOn(event -> !(event instanceof ChatEvent.ToolCallDelta)).containsExactly(
                new ChatEvent.Usage(2, 5),
                new ChatEvent.ToolCall("toolu_1", "calculator", "{\"expression\":\"6*7\"}"),
                new ChatEvent.Finished("tool_use"));
    }

    @Test
    @DisplayName("tool calls go out as tool_use blocks and their results as one user message of tool_result blocks")
    void sendsToolConversation() {
        var first = new ChatEvent.ToolCall("toolu_1", "calculator", "{\"expression\":\"6*7\"}");
        var second = new ChatEvent.ToolCall("toolu_2", "datetime", "{}");
        var events = new ArrayList<ChatEvent>();
        provider.stream(new ChatRequest("tools", List.of(ChatRequest.Message.of("user", "Compute and tell time"),
                ChatRequest.Message.assistant("Let me check.", List.of(first, second)),
                ChatRequest.Message.toolResult("toolu_1", "42"), ChatRequest.Message.toolResult("toolu_2", "noon")),
                "[{\"name\":\"calculator\",\"description\":\"Arithmetic\",\"parameters\":{\"type\":\"object\"}}]"),
                events::add);
        assertThat(events.getLast()).isEqualTo(new ChatEvent.Finished("end_turn"));
        var sent = fake.lastReceived().body().path("messages");
        assertThat(sent.size()).isEqualTo(3);
        assertThat(sent.path(1).path("content").path(1).path("type").asString()).isEqualTo("tool_use");
        assertThat(sent.path(1).path("content").path(1).path("input").path("expression").asString()).isEqualTo("6*7");
        assertThat(sent.path(2).path("role").asString()).isEqualTo("user");
        assertThat(sent.path(2).path("content").size()).isEqualTo(2);
        assertThat(fake.lastReceived().body().path("tools").path(0).path("input_schema").path("type").asString())
                .isEqualTo("object");
    }

    @Test
    @DisplayName("overload, before or during the stream, is a retryable failure")
    void overload() {
        assertThatThrownBy(() -> call("overloaded")).isInstanceOfSatisfying(ModelCallFailed.class, e -> {
            assertThat(e.status()).isEqualTo(529);
            assertThat(e.retryable()).isTrue();
        });
        assertThatThrownBy(() -> call("stream-error")).isInstanceOfSatisfying(ModelCallFailed.class,
                e -> assertThat(e.retryable()).isTrue());
    }
}
