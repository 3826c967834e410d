package dev.custos.model;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Models of one workspace's own (AI-04): assigned deployments and fine-tunes made through Custos. */
class PrivateModelsTest extends GatewayIntegrationTest {

    @Autowired
    FineTunes fineTunes;

    private static Map<String, Object> chat(String model) {
        return Map.of("model", model, "messages", List.of(Map.of("role", "user", "content", "hello")));
    }

    private List<String> listed(Gateway gateway) {
        return gateway.sdk().get("/v1/models").json().path("data").valueStream()
                .map(model -> model.path("id").asString()).toList();
    }

    @Test
    @Tag("AI-04")
    @DisplayName("a model assigned to one workspace is listed and callable there only: another workspace allowing the "
            + "same provider can neither see, call, route to nor claim it")
    void assignedModelStaysPrivate() {
        Gateway mine = gateway("openai-compatible", true, "echo");
        Gateway theirs = gateway("openai-compatible", true, "other");
        allowProvider(theirs.owner(), theirs.workspace(), mine.provider().id());
        String model = mine.model("ft:echo:acme:support:1");
        String path = "/api/workspaces/" + mine.workspace() + "/private-models";

        assertThat(mine.owner().client().post(path, Map.of("model", model, "label", "Support bot")).status())
                .as("only installation administrators assign").isEqualTo(403);
        var assigned = installationAdmin().client().post(path, Map.of("model", model, "label", "Support bot"));
        assertThat(assigned.status()).as(assigned.body()).isEqualTo(201);
        assertThat(mine.owner().client().get(path).json().path(0).path("model").asString()).isEqualTo(model);
        assertThat(listed(mine)).contains(model);
        assertThat(mine.sdk().post("/v1/chat/completions", chat(model)).status()).isEqualTo(200);
        assertThat(fake.lastReceived().body().path("model").asString()).isEqualTo("ft:echo:acme:support:1");

        int before = fake.received().size();
        assertThat(listed(theirs)).doesNotContain(model);
        var refused = theirs.sdk().post("/v1/chat/completions", chat(model));
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.json().path("error").path("code").asString()).isEqualTo("model_not_found");
        assertThat(theirs.sdk().post("/v1/responses", Map.of("model", model, "input", "hello")).status())
                .isEqualTo(404);
        assertThat(theirs.owner().client().put("/api/workspaces/" + theirs.workspace() + "/model-routes/borrow",
                Map.of("targets", List.of(Map.of("model", model, "weight", 1)))).status()).isEqualTo(400);
        assertThat(theirs.owner().client().get(path).status()).isEqualTo(404);
        assertThat(fake.received().size()).as("nothing sent for the other workspace").isEqualTo(before);
        var claimed = installationAdmin().client().post("/api/workspaces/" + theirs.workspace() + "/private-models",
                Map.of("model", model, "label", "Mine now"));
        assertThat(claimed.status()).isEqualTo(409);
        assertThat(claimed.problemType()).isEqualTo("/problems/private-model-taken");
    }

    @Test
    @Tag("AI-04")
    @DisplayName("a fine-tune started through Custos uploads only that workspace's examples (redacted as it requires), "
            + "registers the result for that workspace alone and deletes the training file when done")
    void fineTuneForOneWorkspace() {
        Gateway mine = gateway("openai", true, "gpt-base");
        Gateway theirs = gateway("openai", true, "other");
        allowProvider(theirs.owner(), theirs.workspace(), mine.provider().id());
        mine.owner().client().put("/api/workspaces/" + mine.workspace() + "/model-settings",
                Map.of("redaction", true));
        String examples = """
                {"messages":[{"role":"user","content":"Where is my order?"},{"role":"assistant","content":"Mail jane.doe@example.org and we will look."}]}
                {"messages":[{"role":"user","content":"Refund?"},{"role":"assistant","content":"Within 30 days."}]}
                """;
        String base = "/api/workspaces/" + mine.workspace();
        var started = mine.owner().client().upload(base + "/fine-tunes?model=" + mine.model("gpt-base")
                + "&suffix=support", "examples.jsonl", "application/jsonl", examples.getBytes(StandardCharsets.UTF_8));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        assertThat(started.json().path("examples").asInt()).isEqualTo(2);
        assertThat(started.json().path("status").asString()).isEqualTo("queued");

        assertThat(fake.trainingFiles()).hasSize(1);
        String uploaded = fake.trainingFiles().values().iterator().next();
        assertThat(uploaded).contains("Where is my order?", "Within 30 days.").doesNotContain("jane.doe")
                .contains("[EMAIL_1]");
        assertThat(theirs.owner().client().get(base + "/fine-tunes").status()).isEqualTo(404);

        fineTunes.followOpenJobs(); // running
        fineTunes.followOpenJobs(); // succeeded
        JsonNode job = mine.owner().client().get(base + "/fine-tunes").json().path(0);
        assertThat(job.path("status").asString()).isEqualTo("succeeded");
        String model = mine.provider().name() + "/" + job.path("model").asString();
        assertThat(job.path("model").asString()).startsWith("ft:gpt-base:fake-org:support:");
        assertThat(fake.deletedFiles()).containsExactlyElementsOf(fake.trainingFiles().keySet());

        JsonNode own = mine.owner().client().get(base + "/private-models").json().path(0);
        assertThat(own.path("model").asString()).isEqualTo(model);
        assertThat(own.path("origin").asString()).isEqualTo("fine-tuned");
        assertThat(mine.sdk().post("/v1/chat/completions", chat(model)).status()).isEqualTo(200);
        assertThat(listed(theirs)).doesNotContain(model);
        assertThat(theirs.sdk().post("/v1/chat/completions", chat(model)).status()).isEqualTo(404);
    }

    @Test
    @DisplayName("fine-tuning refuses what it cannot do cleanly: examples that are not chat lines, a model the "
            + "workspace may not call, a provider without fine-tuning; members who do not manage the workspace")
    void fineTuneRefusals() {
        Gateway mine = gateway("openai", true, "gpt-base");
        String base = "/api/workspaces/" + mine.workspace() + "/fine-tunes?model=";
        byte[] good = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}\n".getBytes(StandardCharsets.UTF_8);
        var notJson = mine.owner().client().upload(base + mine.model("gpt-base"), "x.jsonl", "application/jsonl",
                "{\"messages\":[]}\nnot json\n".getBytes(StandardCharsets.UTF_8));
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().path("detail").asString()).contains("Line 1");
        assertThat(mine.owner().client().upload(base + "nope/gpt-base", "x.jsonl", "application/jsonl", good)
                .status()).isEqualTo(404);
        Gateway anthropic = gateway("anthropic", true, "claude");
        var unsupported = anthropic.owner().client().upload("/api/workspaces/" + anthropic.workspace()
                + "/fine-tunes?model=" + anthropic.model("claude"), "x.jsonl", "application/jsonl", good);
        assertThat(unsupported.status()).isEqualTo(400);
        assertThat(unsupported.problemType()).isEqualTo("/problems/fine-tuning-unsupported");
        SignedIn member = addMember(mine.owner(), mine.workspace(), "member", "Member");
        assertThat(member.client().upload(base + mine.model("gpt-base"), "x.jsonl", "application/jsonl", good)
                .status()).isEqualTo(403);
        Gateway theirs = gateway("openai", true, "gpt-base");
        assertThat(theirs.owner().client().upload(base + mine.model("gpt-base"), "x.jsonl", "application/jsonl",
                good).status()).as("another workspace's owner").isEqualTo(404);
        assertThat(theirs.owner().client().delete("/api/workspaces/" + mine.workspace() + "/private-models?model="
                + mine.model("gpt-base")).status()).as("only installation administrators unassign").isEqualTo(403);
        assertThat(fake.trainingFiles().values()).noneMatch(file -> file.contains("\"hi\""));
    }
}
