package dev.custos.model;

import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
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

/** The OpenAI-compatible adapter against a fake provider over real HTTP: no mocks of our own classes. */
class OpenAiCompatibleProviderTest {

    private FakeProviderServer fake;
    private OpenAiCompatibleProvider provider;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeProviderServer();
        provider = new OpenAiCompatibleProvider(fake.baseUrl(), "sk-test-key", HttpClient.newHttpClient(),
                JsonMapper.builder().build(), Duration.ofSeconds(10), RetentionControls.openRouter());
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private List<ChatEvent> call(String model) {
        var events = new ArrayList<ChatEvent>();
        provider.stream(new ChatRequest(model, List.of(ChatRequest.Message.of("user", "Say hello")), null),
                events::add);
        return events;
    }

    @Test
    @DisplayName("a streamed answer arrives as text deltas, then usage, then the finish reason")
    void streamsText() {
        List<ChatEvent> events = call("gpt-test");
        assertThat(events).containsExactly(new ChatEvent.TextDelta("Hello"), new ChatEvent.TextDelta(", world"),
                new ChatEvent.Usage(12, 3), new ChatEvent.Finished("stop"));
        var sent = fake.received.getFirst();
        assertThat(sent.authorization()).isEqualTo("Bearer sk-test-key");
        assertThat(sent.body().path("stream").asBoolean()).isTrue();
        assertThat(sent.body().path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(sent.body().path("messages").path(0).path("content").asString()).isEqualTo("Say hello");
        assertThat(sent.body().path("provider").path("data_collection").asString())
                .as("zero-retention request field").isEqualTo("deny");
    }

    @Test
    @DisplayName("a tool call split over several chunks is assembled into one call")
    void assemblesToolCalls() {
        List<ChatEvent> events = call("tools");
        assertThat(events).containsExactly(new ChatEvent.Usage(21, 9),
                new ChatEvent.ToolCall("call_1", "calculator", "{\"expr\":\"6*7\"}"),
                new ChatEvent.Finished("tool_calls"));
    }

    @Test
    @DisplayName("a rate limit is a retryable failure that names the error type but not the provider's message")
    void rateLimit() {
        assertThatThrownBy(() -> call("rate-limited"))
                .isInstanceOfSatisfying(ModelCallFailed.class, e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("rate_limit_exceeded").doesNotContain("Rate limit reached");
                });
    }

    @Test
    @DisplayName("a malformed event fails the call without retry; a stream cut short fails it retryably")
    void brokenStreams() {
        assertThatThrownBy(() -> call("malformed")).isInstanceOfSatisfying(ModelCallFailed.class,
                e -> assertThat(e.retryable()).isFalse());
        assertThatThrownBy(() -> call("cut-off")).isInstanceOfSatisfying(ModelCallFailed.class,
                e -> assertThat(e.retryable()).isTrue());
    }

    @Test
    @DisplayName("an unreachable provider is a retryable failure")
    void unreachable() {
        fake.close();
        assertThatThrownBy(() -> call("gpt-test")).isInstanceOfSatisfying(ModelCallFailed.class,
                e -> assertThat(e.retryable()).isTrue());
    }

    @Test
    @DisplayName("the event-stream parser follows the format: comments, multi-line data, CRLF, named events, "
            + "and the last event id carried forward")
    void parsesEventStreamFormat() throws Exception {
        String stream = ": comment\r\nevent: ping\r\ndata: a\r\ndata: b\r\nid: 7\r\n\r\ndata:no-space\n\nretry: 10\n\n";
        var events = new ArrayList<ServerSentEvents.Event>();
        ServerSentEvents.read(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)), events::add);
        assertThat(events).containsExactly(new ServerSentEvents.Event("ping", "a\nb", "7"),
                new ServerSentEvents.Event("message", "no-space", "7"));
    }
}
