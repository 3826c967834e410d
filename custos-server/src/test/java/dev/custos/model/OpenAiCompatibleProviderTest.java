package dev.custos.model;

import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
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

/** The OpenAI-compatible adapter against a fake provider over real HTTP: no mocks of our own classes. */
class OpenAiCompatibleProviderTest {

    private FakeModelProvider fake;
    private OpenAiCompatibleProvider provider;

    @BeforeEach
    void start() throws Exception {
        fake = FakeModelProvider.start();
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
        assertThat(events).containsExactly(new ChatEvent.ResponseFields("fp_fake01", null),
                new ChatEvent.TextDelta("You "), new ChatEvent.TextDelta("said"),
                new ChatEvent.TextDelta(": Sa"), new ChatEvent.TextDelta("y he"), new ChatEvent.TextDelta("llo"),
                new ChatEvent.Usage(2, 4), new ChatEvent.Finished("stop"));
        var sent = fake.lastReceived();
        assertThat(sent.header("Authorization")).isEqualTo("Bearer sk-test-key");
        assertThat(sent.body().path("stream").asBoolean()).isTrue();
        assertThat(sent.body().path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(sent.body().path("messages").path(0).path("content").asString()).isEqualTo("Say hello");
        assertThat(sent.body().path("provider").path("data_collection").asString())
                .as("zero-retention request field").isEqualTo("deny");
    }

    @Test
    @DisplayName("a tool call split over several chunks is passed on piece by piece as it streams, then assembled "
            + "into one call")
    void assemblesToolCalls() {
        List<ChatEvent> events = call("tools");
        assertThat(events).containsExactly(
                new ChatEvent.ResponseFields("fp_fake01", null),
                new ChatEvent.ToolCallDelta(0, "call_1", "calculator", "{\"expressi"),
                new ChatEvent.ToolCallDelta(0, null, null, "on\":\"6*7\"}"),
                new ChatEvent.Usage(2, 5),
                new ChatEvent.ToolCall("call_1", "calculator", "{\"expression\":\"6*7\"}"),
                new ChatEvent.Finished("tool_calls"));
    }

    @Test
    @DisplayName("a conversation with a tool call and its result goes out in the OpenAI shape, tools as functions")
    void sendsToolConversation() {
        var call = new ChatEvent.ToolCall("call_1", "calculator", "{\"expression\":\"6*7\"}");
        var events = new ArrayList<ChatEvent>();
        provider.stream(new ChatRequest("tools", List.of(ChatRequest.Message.of("user", "What is 6*7?"),
                ChatRequest.Message.assistant("", List.of(call)), ChatRequest.Message.toolResult("call_1", "42")),
                "[{\"name\":\"calculator\",\"description\":\"Arithmetic\",\"parameters\":{\"type\":\"object\"}}]"),
                events::add);
        assertThat(events).filteredOn(ChatEvent.TextDelta.class::isInstance)
                .extracting(event -> ((ChatEvent.TextDelta) event).text()).containsSequence("The ", "resu");
        var sent = fake.lastReceived().body();
        assertThat(sent.path("messages").path(1).path("tool_calls").path(0).path("function").path("name")
                .asString()).isEqualTo("calculator");
        assertThat(sent.path("messages").path(1).path("content").isNull()).isTrue();
        assertThat(sent.path("messages").path(2).path("tool_call_id").asString()).isEqualTo("call_1");
        assertThat(sent.path("tools").path(0).path("type").asString()).isEqualTo("function");
        assertThat(sent.path("tools").path(0).path("function").path("name").asString()).isEqualTo("calculator");
    }

    @Test
    @DisplayName("a rate limit is a retryable failure that names the error type but not the provider's message")
    void rateLimit() {
        assertThatThrownBy(() -> call("rate-limited"))
                .isInstanceOfSatisfying(ModelCallFailed.class, e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("rate_limit_exceeded").doesNotContain("Try later");
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
    @DisplayName("a stream that stops sending is cut off after the timeout, as a retryable failure")
    void stalledStream() {
        var impatient = new OpenAiCompatibleProvider(fake.baseUrl(), "sk-test-key", HttpClient.newHttpClient(),
                JsonMapper.builder().build(), Duration.ofSeconds(1), RetentionControls.none());
        var events = new ArrayList<ChatEvent>();
        assertThatThrownBy(() -> impatient.stream(new ChatRequest("stall",
                List.of(ChatRequest.Message.of("user", "Say hello")), null), events::add))
                .isInstanceOfSatisfying(ModelCallFailed.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("stopped sending");
                });
        assertThat(events).containsExactly(new ChatEvent.ResponseFields("fp_fake01", null),
                new ChatEvent.TextDelta("You "));
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
