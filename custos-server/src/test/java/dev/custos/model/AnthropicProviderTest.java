package dev.custos.model;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Anthropic Messages adapter against a fake provider over real HTTP. */
class AnthropicProviderTest {

    private FakeProviderServer fake;
    private AnthropicProvider provider;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeProviderServer();
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
        assertThat(call("claude-test")).containsExactly(new ChatEvent.TextDelta("Hello"),
                new ChatEvent.TextDelta("!"), new ChatEvent.Usage(25, 2), new ChatEvent.Finished("end_turn"));
        var sent = fake.received.getFirst();
        assertThat(sent.authorization()).isEqualTo("sk-ant-test");
        assertThat(sent.body().path("system").asString()).isEqualTo("Be brief.");
        assertThat(sent.body().path("messages").size()).isEqualTo(1);
        assertThat(sent.body().path("messages").path(0).path("role").asString()).isEqualTo("user");
    }

    @Test
    @DisplayName("tool use arrives with its input assembled from partial JSON")
    void assemblesToolUse() {
        assertThat(call("tools")).containsExactly(new ChatEvent.Usage(25, 17),
                new ChatEvent.ToolCall("toolu_1", "calculator", "{\"expr\": \"6*7\"}"),
                new ChatEvent.Finished("tool_use"));
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
