package dev.custos.privacy;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.support.ApiClient;
import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RestrictionTest extends CustosIntegrationTest {

    @Test
    @Tag("DR-05")
    @DisplayName("while a person restricts processing, no agent runs and no model call is made on their data; their "
            + "data is kept and can be exported; lifting it restores processing")
    void restrictionFreezesProcessing() {
        SignedIn person = signUp("Restricting Person");
        UUID workspace = createWorkspace(person, "Restricted");
        ApiClient sdk = ApiClient.withApiKey(port, createApiKey(person, workspace, "read", "write"));
        var agent = person.client().post("/api/workspaces/" + workspace + "/agents", Map.of("name", "Helper",
                "instructions", "Help.", "model", "offline/scripted-demo"));
        String sessions = "/api/workspaces/" + workspace + "/agents/" + agent.text("id") + "/sessions";
        Map<String, Object> completion = Map.of("model", "offline/scripted-demo",
                "messages", List.of(Map.of("role", "user", "content", "hello")));

        assertThat(person.client().post("/api/privacy/restriction", Map.of("password", "wrong")).status())
                .isEqualTo(403);
        assertThat(sdk.post("/v1/chat/completions", completion).status()).as("not restricted yet").isEqualTo(200);

        assertThat(person.client().post("/api/privacy/restriction", Map.of("password", PASSWORD)).status())
                .isEqualTo(204);
        var refused = person.client().post(sessions, Map.of("message", "hello"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.problemType()).isEqualTo("/problems/processing-restricted");
        var gateway = sdk.post("/v1/chat/completions", completion);
        assertThat(gateway.status()).isEqualTo(403);
        assertThat(gateway.json().path("error").path("code").asString()).isEqualTo("processing_restricted");
        assertThat(person.client().post("/api/privacy/exports", Map.of("password", PASSWORD)).status())
                .as("exports still work").isEqualTo(201);

        assertThat(person.client().post("/api/privacy/restriction/lift", Map.of("password", PASSWORD)).status())
                .isEqualTo(204);
        assertThat(person.client().post(sessions, Map.of("message", "hello")).status()).isEqualTo(201);
        assertThat(sdk.post("/v1/chat/completions", completion).status()).isEqualTo(200);
    }

    @Test
    @Tag("DR-05")
    @DisplayName("a restriction made while a run waits for approval stops the run where it stands: the approved tool "
            + "never runs, and the session is kept as it was")
    void restrictionStopsARunMidway() {
        SignedIn person = signUp("Midway Restriction");
        UUID workspace = createWorkspace(person, "Midway");
        var agent = person.client().post("/api/workspaces/" + workspace + "/agents", Map.of("name", "Calculator",
                "instructions", "Help.", "model", "offline/scripted-demo", "tools", List.of("calculator"),
                "approvalTools", List.of("calculator")));
        assertThat(agent.status()).as(agent.body()).isEqualTo(201);
        String sessions = "/api/workspaces/" + workspace + "/agents/" + agent.text("id") + "/sessions";
        var paused = person.client().stream(sessions, Map.of("message", "please calculate this"));
        var request = ApiClient.events(paused.body()).getLast();
        assertThat(request.name()).isEqualTo("approval_requested");
        String session = sessions + "/" + paused.headers().firstValue("X-Custos-Session-Id").orElseThrow();
        long storedBefore = asOwner().sql("SELECT count(*) FROM session_events WHERE session_id = :s")
                .param("s", UUID.fromString(session.substring(session.lastIndexOf('/') + 1))).query(Long.class)
                .single();

        assertThat(person.client().post("/api/privacy/restriction", Map.of("password", PASSWORD)).status())
                .isEqualTo(204);
        var approved = person.client().post(session + "/approvals/" + request.data().path("meta").path("callId")
                .asString(), Map.of("approve", true));
        assertThat(approved.status()).as("the decision itself is recorded").isEqualTo(200);

        org.awaitility.Awaitility.await().until(() -> !person.client().get(session).json().path("session")
                .path("status").asString().equals("running"));
        List<String> kinds = person.client().get(session).json().path("events").valueStream()
                .map(event -> event.path("kind").asString()).toList();
        assertThat(kinds).as("the approved tool never ran").doesNotContain("tool_result");
        assertThat(kinds).as("nothing stored before the restriction is lost").hasSizeGreaterThanOrEqualTo(
                (int) storedBefore - 1).contains("user_message", "approval_requested");
        assertThat(kinds).endsWith("approval_decided", "run_failed");
        var stopped = person.client().get(session).json().path("events").valueStream().toList().getLast();
        assertThat(stopped.path("meta").path("type").asString()).isEqualTo("processing-restricted");
    }
}
