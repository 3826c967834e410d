package dev.custos.model;

import java.util.List;
import java.util.stream.Collectors;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The gateway as the official OpenAI and Anthropic SDKs (their Java editions, which share the other languages'
 * generated models and wire handling) meet it: their own requests, parsing, streaming and errors, end to end over
 * HTTP, against the fake provider behind Custos.
 */
class OfficialSdkTest extends GatewayIntegrationTest {

    private OpenAIClient openAi(String key) {
        return OpenAIOkHttpClient.builder().apiKey(key).baseUrl("http://localhost:" + port + "/v1").maxRetries(0)
                .build();
    }

    private AnthropicClient anthropic(String key) {
        return AnthropicOkHttpClient.builder().apiKey(key).baseUrl("http://localhost:" + port).maxRetries(0).build();
    }

    @Test
    @DisplayName("OpenAI's SDK: models.retrieve with a slash, a completion with parameters, a stream with its usage "
            + "chunk, embeddings (its default base64 decoded by the SDK), a response, and errors it can read")
    void openAiSdk() {
        Gateway gateway = gateway("openai", true, "gpt-echo");
        OpenAIClient client = openAi(gateway.key());
        String model = gateway.model("gpt-echo");

        assertThat(client.models().retrieve(model).id()).isEqualTo(model);

        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(model).addDeveloperMessage("Be brief.").addUserMessage("Hello SDK").temperature(0.2)
                .maxCompletionTokens(64).seed(7).user("alice@example.com").build());
        assertThat(completion.choices().getFirst().message().content()).hasValue("You said: Hello SDK");
        assertThat(completion.systemFingerprint()).hasValue("fp_fake01");
        assertThat(completion.usage().orElseThrow().completionTokens()).isPositive();
        assertThat(fake.lastReceived().body().path("seed").asInt()).isEqualTo(7);
        assertThat(fake.lastReceived().body().path("user").asString()).startsWith("custos-");

        StringBuilder streamed = new StringBuilder();
        long[] usage = {0};
        try (var stream = client.chat().completions().createStreaming(ChatCompletionCreateParams.builder()
                .model(model).addUserMessage("Stream SDK")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach((ChatCompletionChunk chunk) -> {
                chunk.choices().forEach(choice -> choice.delta().content().ifPresent(streamed::append));
                chunk.usage().ifPresent(counted -> usage[0] = counted.totalTokens());
            });
        }
        assertThat(streamed.toString()).isEqualTo("You said: Stream SDK");
        assertThat(usage[0]).isPositive();

        CreateEmbeddingResponse embeddings = client.embeddings().create(EmbeddingCreateParams.builder().model(model)
                .input("red apples").dimensions(16).build());
        assertThat(embeddings.data().getFirst().embedding()).hasSize(16);
        assertThat(embeddings.usage().promptTokens()).isEqualTo(2);

        Response response = client.responses().create(ResponseCreateParams.builder().model(model)
                .instructions("Be brief.").input("Hello responses").maxOutputTokens(100).build());
        String text = response.output().stream().flatMap(item -> item.message().stream())
                .flatMap(message -> message.content().stream()).flatMap(content -> content.outputText().stream())
                .map(output -> output.text()).collect(Collectors.joining());
        assertThat(text).isEqualTo("You said: Hello responses");

        var unknown = catchThrowableOfType(OpenAIServiceException.class, () -> client.chat().completions().create(
                ChatCompletionCreateParams.builder().model(gateway.provider().name() + "/nope").addUserMessage("x")
                        .build()));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.code()).hasValue("model_not_found");
        assertThat(unknown.param()).hasValue("model");
        assertThat(unknown.getMessage()).contains("/v1/models");
        var badKey = catchThrowableOfType(OpenAIServiceException.class, () -> openAi("cst_nope").models().list());
        assertThat(badKey.statusCode()).isEqualTo(401);
        assertThat(badKey.code()).hasValue("invalid_api_key");
    }

    @Test
    @DisplayName("Anthropic's SDK: a message and a stream accumulated by the SDK, from an OpenAI-compatible "
            + "provider behind Custos, and an error it reads")
    void anthropicSdk() {
        Gateway gateway = gateway("openai-compatible", true, "echo");
        AnthropicClient client = anthropic(gateway.key());
        String model = gateway.model("echo");

        Message message = client.messages().create(MessageCreateParams.builder().model(model).maxTokens(256)
                .system("Be brief.").addUserMessage("Hello Claude SDK").addStopSequence("END").build());
        assertThat(message.content().stream().flatMap(block -> block.text().stream()).map(text -> text.text())
                .collect(Collectors.joining())).isEqualTo("You said: Hello Claude SDK");
        assertThat(message.stopReason()).hasValue(StopReason.END_TURN);
        assertThat(message.usage().outputTokens()).isPositive();
        assertThat(fake.lastReceived().body().path("max_completion_tokens").asInt()).isEqualTo(256);
        assertThat(fake.lastReceived().body().path("stop").path(0).asString()).isEqualTo("END");

        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(MessageCreateParams
                .builder().model(model).maxTokens(256).addUserMessage("Stream Claude SDK").build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        Message whole = accumulator.message();
        List<ContentBlock> blocks = whole.content();
        assertThat(blocks.stream().flatMap(block -> block.text().stream()).map(text -> text.text())
                .collect(Collectors.joining())).isEqualTo("You said: Stream Claude SDK");
        assertThat(whole.stopReason()).hasValue(StopReason.END_TURN);
        assertThat(whole.usage().outputTokens()).isPositive();

        var unknown = catchThrowableOfType(AnthropicServiceException.class, () -> client.messages().create(
                MessageCreateParams.builder().model(gateway.provider().name() + "/nope").maxTokens(10)
                        .addUserMessage("x").build()));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.requestId()).hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
    }
}
