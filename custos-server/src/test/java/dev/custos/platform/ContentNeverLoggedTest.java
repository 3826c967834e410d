package dev.custos.platform;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.support.ApiClient;
import dev.custos.support.FakeProviderTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What people write, and who they are, never reaches the log: not on the paths that succeed (agent runs, gateway
 * calls, knowledge, support) nor on those that fail (a provider's error, a broken stream, a refused request). The
 * secrets' own test is {@code SecretsNeverLoggedTest}.
 */
@ExtendWith(OutputCaptureExtension.class)
class ContentNeverLoggedTest extends FakeProviderTest {

    private static final String MARK = "QUETZAL" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    @DisplayName("messages, answers, documents, support requests and the people behind them are not in the log, "
            + "whether the work succeeds or fails")
    void noContentInTheLog(CapturedOutput output) {
        SignedIn person = signUp("Logless " + MARK);
        UUID workspace = createWorkspace(person, "Quiet " + MARK);
        runSession(person, workspace, createOfflineAgent(person, workspace), "my note is " + MARK + "-run");

        Registered provider = registerProvider("openai-compatible", fake.baseUrl(), true, "echo", "too-long",
                "stream-error", "malformed");
        allowProvider(person, workspace, provider.id());
        ApiClient sdk = ApiClient.withApiKey(port, createApiKey(person, workspace, "read", "write"));
        for (String model : List.of("echo", "too-long", "malformed")) {
            sdk.post("/v1/chat/completions", Map.of("model", provider.name() + "/" + model,
                    "messages", List.of(Map.of("role", "user", "content", MARK + "-gateway-" + model))));
        }
        sdk.stream("/v1/chat/completions", Map.of("model", provider.name() + "/stream-error", "stream", true,
                "messages", List.of(Map.of("role", "user", "content", MARK + "-stream"))));
        var agent = person.client().post("/api/workspaces/" + workspace + "/agents", Map.of("name", "Broken",
                "instructions", "Answer " + MARK + "-instructions", "model", provider.name() + "/malformed"));
        runSession(person, workspace, agent.text("id"), MARK + "-broken-run");

        String base = person.client().post("/api/workspaces/" + workspace + "/knowledge-bases", Map.of("name",
                "Notes", "embeddings", "none")).text("id");
        String knowledge = "/api/workspaces/" + workspace + "/knowledge-bases/" + base;
        for (var document : Map.of("notes.md", "# Notes\n\nThe password hint is " + MARK + "-document.",
                "broken.pdf", "%PDF-1.7 " + MARK + "-not-really-a-pdf").entrySet()) {
            var uploaded = person.client().upload(knowledge + "/documents", document.getKey(),
                    document.getKey().endsWith(".md") ? "text/markdown" : "application/pdf",
                    document.getValue().getBytes(StandardCharsets.UTF_8));
            if (uploaded.status() != 201) {
                continue; // refused at once, as a broken file may be
            }
            String id = uploaded.text("id");
            await().atMost(java.time.Duration.ofSeconds(60)).until(() -> !person.client()
                    .get(knowledge + "/documents/" + id).text("status").equals("ingesting"));
        }
        person.client().get("/api/workspaces/" + workspace + "/knowledge-search?q=" + MARK);
        person.client().post("/api/support/requests", Map.of("subject", MARK + "-subject",
                "message", MARK + "-support"));
        person.client().post("/api/workspaces", Map.of("name", MARK + "-x".repeat(80)));

        org.slf4j.LoggerFactory.getLogger(ContentNeverLoggedTest.class).warn("log-capture-check");
        assertThat(output.getAll()).contains("log-capture-check").doesNotContain(MARK, person.email());
    }
}
