package dev.custos.agent;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.support.ApiClient;
import dev.custos.support.FakeProviderTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Local tools: a run hands a call of a tool the terminal client offered to that client, waits for it, stores its
 * answer sealed like any content and goes on under the workspace's rules; the session shows every step.
 */
class LocalToolsTest extends FakeProviderTest {

    private static final List<String> OFFERED = List.of("local_read_file", "local_write_file", "local_run_command");
    private static final String READ_NOTES = "call local_read_file {\"path\":\"notes.txt\"}";

    @Autowired
    LocalCalls localCalls;

    private record Setup(SignedIn owner, UUID workspace, Registered provider, String sessions) {
    }

    /** A workspace whose agent's model calls whatever tool it is told to, on a provider it allows, redacting. */
    private Setup setup(String name) {
        SignedIn owner = signUp(name);
        UUID workspace = createWorkspace(owner, name);
        Registered provider = registerProvider("openai-compatible", fake.baseUrl(), true, "directed");
        allowProvider(owner, workspace, provider.id());
        assertThat(owner.client().put("/api/workspaces/" + workspace + "/model-settings", Map.of(
                "requireZeroRetention", false, "redaction", true)).status()).isEqualTo(200);
        String agent = owner.client().post("/api/workspaces/" + workspace + "/agents", Map.of("name", "Local",
                "instructions", "Work on the person's files.", "model", provider.name() + "/directed")).text("id");
        return new Setup(owner, workspace, provider, "/api/workspaces/" + workspace + "/agents/" + agent
                + "/sessions");
    }

    /** Starts a session that offers the local tools and waits until its run hands a call to the client. */
    private static JsonNode startAndAwaitTheClient(Setup setup, String message) {
        var started = setup.owner().client().post(setup.sessions(), Map.of("message", message,
                "localTools", OFFERED));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        String session = setup.sessions() + "/" + started.text("id");
        Awaitility.await().until(() -> !status(setup, session).equals("running"));
        assertThat(status(setup, session)).isEqualTo("awaiting_client");
        return setup.owner().client().get(session).json();
    }

    private static String status(Setup setup, String session) {
        return setup.owner().client().get(session).json().path("session").path("status").asString();
    }

    private static JsonNode last(JsonNode view, String kind) {
        JsonNode found = null;
        for (JsonNode event : view.path("events")) {
            if (event.path("kind").asString().equals(kind)) {
                found = event;
            }
        }
        assertThat(found).as("a " + kind + " event").isNotNull();
        return found;
    }

    @Test
    @Tag("AI-01")
    @Tag("AI-05")
    @DisplayName("a local tool's call waits for the client that offered it; its answer is stored, reaches the model "
            + "redacted, and the session shows the step as the terminal's")
    void aLocalCallWaitsForTheClientAndGoesOn() {
        Setup setup = setup("Local Reader");
        JsonNode waiting = startAndAwaitTheClient(setup, READ_NOTES);
        String session = setup.sessions() + "/" + waiting.path("session").path("id").asString();
        JsonNode request = last(waiting, "local_tool_requested");
        assertThat(request.path("meta").path("tool").asString()).isEqualTo("local_read_file");
        assertThat(request.path("content").path("arguments").asString()).contains("notes.txt");
        List<String> declared = fake.lastReceived().body().path("tools").valueStream()
                .map(tool -> tool.path("function").path("name").asString()).toList();
        assertThat(declared).as("the offered tools, described to the model").containsAll(OFFERED);

        String callId = request.path("meta").path("callId").asString();
        int calls = fake.received().size();
        String file = "Dear team, write to jane.doe@example.org about the PANGOLIN plan.";
        var answered = setup.owner().client().post(session + "/local-results/" + callId, Map.of("output", file,
                "outcome", "ok", "durationMs", 4));
        assertThat(answered.status()).as(answered.body()).isEqualTo(200);
        Awaitility.await().until(() -> status(setup, session).equals("idle"));

        assertThat(fake.received()).hasSizeGreaterThan(calls);
        String sent = fake.lastReceived().body().path("messages").toString();
        assertThat(sent).as("the file reached the model redacted").contains("PANGOLIN", "[EMAIL_1]")
                .doesNotContain("jane.doe");
        JsonNode done = setup.owner().client().get(session).json();
        JsonNode result = last(done, "tool_result");
        assertThat(result.path("meta").path("local").asBoolean()).isTrue();
        assertThat(result.path("content").path("text").asString()).isEqualTo(file);
        assertThat(last(done, "assistant_message").path("content").path("text").asString()).contains("PANGOLIN");
        assertThat(dumpOfTheMainDatabase()).as("sealed at rest").doesNotContain("PANGOLIN");

        assertThat(setup.owner().client().post(session + "/local-results/" + callId, Map.of("output", "again",
                "outcome", "ok", "durationMs", 1)).problemType()).as("answered once")
                .isEqualTo("/problems/no-local-call");
        String page = setup.owner().client().get("/workspaces/" + setup.workspace() + "/sessions/"
                + done.path("session").path("id").asString(), "Accept", "text/html").body();
        assertThat(page).contains("local_read_file", "terminal", "notes.txt", "PANGOLIN");
    }

    @Test
    @Tag("AI-02")
    @DisplayName("what a local tool read goes to no provider the workspace stopped allowing while the client worked")
    void fileContentGoesOnlyToAllowedProviders() {
        Setup setup = setup("Local Disallowed");
        JsonNode waiting = startAndAwaitTheClient(setup, READ_NOTES);
        String session = setup.sessions() + "/" + waiting.path("session").path("id").asString();
        String callId = last(waiting, "local_tool_requested").path("meta").path("callId").asString();
        assertThat(setup.owner().client().delete("/api/workspaces/" + setup.workspace() + "/providers/"
                + setup.provider().id()).status()).isEqualTo(204);
        int calls = fake.received().size();

        setup.owner().client().post(session + "/local-results/" + callId, Map.of("output", "the OKAPI secret plan",
                "outcome", "ok", "durationMs", 2));
        Awaitility.await().until(() -> status(setup, session).equals("idle"));
        assertThat(fake.received()).as("nothing more sent").hasSize(calls);
        assertThat(last(setup.owner().client().get(session).json(), "run_failed").path("meta").path("reason")
                .asString()).isNotBlank();
    }

    @Test
    @Tag("DR-05")
    @DisplayName("a restricted person's run with local tools does not start, and a restriction made while the client "
            + "works stops the run before the file reaches the model")
    void restrictionStopsLocalRuns() {
        Setup setup = setup("Local Restricted");
        JsonNode waiting = startAndAwaitTheClient(setup, READ_NOTES);
        String session = setup.sessions() + "/" + waiting.path("session").path("id").asString();
        String callId = last(waiting, "local_tool_requested").path("meta").path("callId").asString();
        int calls = fake.received().size();
        assertThat(setup.owner().client().post("/api/privacy/restriction", Map.of("password", PASSWORD)).status())
                .isEqualTo(204);

        setup.owner().client().post(session + "/local-results/" + callId, Map.of("output", "the WOMBAT plan",
                "outcome", "ok", "durationMs", 2));
        Awaitility.await().until(() -> status(setup, session).equals("idle"));
        assertThat(fake.received()).as("the file went nowhere").hasSize(calls);
        var refused = setup.owner().client().post(setup.sessions(), Map.of("message", READ_NOTES,
                "localTools", OFFERED));
        assertThat(refused.problemType()).isEqualTo("/problems/processing-restricted");
    }

    @Test
    @DisplayName("only the session's own person answers its local calls, in its own workspace; unknown tools are "
            + "refused; a silent client ends the run with the call recorded as not run")
    void answersComeFromTheSessionsOwnTerminal() {
        Setup setup = setup("Local Owner");
        JsonNode waiting = startAndAwaitTheClient(setup, READ_NOTES);
        String id = waiting.path("session").path("id").asString();
        String session = setup.sessions() + "/" + id;
        String answer = session + "/local-results/" + last(waiting, "local_tool_requested").path("meta")
                .path("callId").asString();
        Map<String, Object> result = Map.of("output", "injected", "outcome", "ok", "durationMs", 1);

        SignedIn outsider = signUp("Local Outsider");
        createWorkspace(outsider, "Elsewhere");
        assertThat(outsider.client().post(answer, result).status()).as("another workspace").isEqualTo(404);
        SignedIn colleague = addMember(setup.owner(), setup.workspace(), "admin", "Local Colleague");
        assertThat(colleague.client().post(answer, result).status()).as("another member's terminal").isIn(403, 404);
        assertThat(setup.owner().client().post(setup.sessions(), Map.of("message", "hi", "localTools",
                List.of("local_format_disk"))).problemType()).isEqualTo("/problems/unknown-local-tool");

        asOwner().sql("UPDATE agent_sessions SET client_waiting_since = now() - interval '1 day' "
                + "WHERE session_id = :s").param("s", UUID.fromString(id)).update();
        localCalls.endRunsOfSilentClients();
        JsonNode ended = setup.owner().client().get(session).json();
        assertThat(ended.path("session").path("status").asString()).isEqualTo("idle");
        assertThat(last(ended, "tool_result").path("meta").path("outcome").asString()).isEqualTo("expired");
        assertThat(last(ended, "run_failed").path("meta").path("reason").asString()).contains("did not answer");
        assertThat(setup.owner().client().post(answer, result).problemType()).isEqualTo("/problems/no-local-call");
    }

    @Test
    @DisplayName("a workspace that lets terminals only read gets no write or command tools offered to its agents, and "
            + "one that lets them do nothing gets none; only its admins change that, in their own workspace")
    void theWorkspaceSaysHowFarTerminalsGo() {
        Setup setup = setup("Local Policy");
        String policy = "/api/workspaces/" + setup.workspace() + "/terminal-tools";
        assertThat(setup.owner().client().get(policy).json().path("allowed").asString()).isEqualTo("all");
        SignedIn member = addMember(setup.owner(), setup.workspace(), "member", "Local Member");
        assertThat(member.client().put(policy, Map.of("allowed", "all")).status()).isEqualTo(403);
        SignedIn outsider = signUp("Policy Outsider");
        createWorkspace(outsider, "Other");
        assertThat(outsider.client().put(policy, Map.of("allowed", "all")).status()).isEqualTo(404);
        assertThat(setup.owner().client().put(policy, Map.of("allowed", "everything")).status()).isEqualTo(400);

        assertThat(setup.owner().client().put(policy, Map.of("allowed", "read")).status()).isEqualTo(200);
        var started = setup.owner().client().post(setup.sessions(), Map.of("message",
                "call local_write_file {\"path\":\"x.txt\",\"content\":\"x\"}", "localTools", OFFERED));
        String session = setup.sessions() + "/" + started.text("id");
        Awaitility.await().until(() -> status(setup, session).equals("idle"));
        List<String> declared = fake.received().stream().filter(received -> received.body().toString()
                        .contains("local_write_file {")).map(received -> received.body().path("tools"))
                .flatMap(tools -> tools.valueStream()).map(tool -> tool.path("function").path("name").asString())
                .toList();
        assertThat(declared).contains("local_read_file").doesNotContain("local_write_file", "local_run_command");
        JsonNode view = setup.owner().client().get(session).json();
        assertThat(view.toString()).doesNotContain("local_tool_requested");
        assertThat(last(view, "tool_result").path("content").path("text").asString()).contains("no tool named");

        assertThat(setup.owner().client().put(policy, Map.of("allowed", "none")).status()).isEqualTo(200);
        var nothing = setup.owner().client().post(setup.sessions(), Map.of("message", READ_NOTES, "localTools",
                OFFERED));
        String quiet = setup.sessions() + "/" + nothing.text("id");
        Awaitility.await().until(() -> status(setup, quiet).equals("idle"));
        assertThat(setup.owner().client().get(quiet).json().toString()).doesNotContain("local_tool_requested");
    }
}
