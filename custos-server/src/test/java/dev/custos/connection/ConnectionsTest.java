package dev.custos.connection;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.fakes.FakeMcpServer;
import dev.custos.fakes.FakeModelProvider;
import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Connected MCP servers (TN-04): scoped, recorded, shown, revocable, and the scope enforced on every call. */
class ConnectionsTest extends CustosIntegrationTest {

    private static FakeMcpServer tracker;
    private static FakeModelProvider model;

    @BeforeAll
    static void start() throws IOException {
        tracker = FakeMcpServer.start();
        model = FakeModelProvider.start();
    }

    @AfterAll
    static void stop() {
        tracker.close();
        model.close();
    }

    /** A workspace with an owner, a provider whose model does what the user says, and a token for the tracker. */
    private record Team(SignedIn owner, UUID workspace, String providerModel, String token) {
        String connections() {
            return "/api/workspaces/" + workspace + "/connections";
        }
    }

    private Team team(String name) {
        SignedIn owner = signUp(name);
        UUID workspace = createWorkspace(owner, name + "'s team");
        Registered provider = registerProvider("openai-compatible", model.baseUrl(), true, "directed");
        allowProvider(owner, workspace, provider.id());
        return new Team(owner, workspace, provider.name() + "/directed", "mcp-token-" + UUID.randomUUID());
    }

    private JsonNode connect(Team team, String handle, String scope) {
        tracker.requireToken(team.token());
        var made = team.owner().client().post(team.connections(), Map.of("kind", "mcp", "name", "Tracker",
                "handle", handle, "url", tracker.endpoint().toString(), "scope", scope, "token", team.token()));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        return made.json();
    }

    private String agentWith(Team team, List<String> tools) {
        var created = team.owner().client().post("/api/workspaces/" + team.workspace() + "/agents", Map.of(
                "name", "Tracker helper", "instructions", "Help with tickets.", "model", team.providerModel(),
                "tools", tools));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.text("id");
    }

    /** Runs one message and returns the text of the session's last tool result. */
    private String toolResult(Team team, String agent, String message) {
        String session = runSession(team.owner(), team.workspace(), agent, message);
        return team.owner().client().get(session).json().path("events").valueStream()
                .filter(event -> event.path("kind").asString().equals("tool_result"))
                .map(event -> event.path("content").path("text").asString()).reduce((a, b) -> b).orElseThrow();
    }

    private List<String> offeredToTheModel() {
        return model.lastReceived().body().path("tools").valueStream()
                .map(tool -> tool.path("function").path("name").asString()).toList();
    }

    private long audited(UUID workspace, String action) {
        return asOwner().sql("SELECT count(*) FROM audit_log WHERE workspace_id = :w AND action = :a")
                .param("w", workspace).param("a", action).query(Long.class).single();
    }

    @Test
    @Tag("TN-04")
    @DisplayName("a read-only connection offers the model only its read tools, and a write call a model makes anyway "
            + "is refused and audited; read-write lets it through; after revocation nothing goes through")
    void theScopeIsEnforcedOnEveryCall() {
        Team team = team("Scoped Owner");
        JsonNode connection = connect(team, "tracker", "read-only");
        assertThat(connection.path("tools").valueStream().map(t -> t.path("name").asString() + ":"
                + t.path("access").asString() + ":" + t.path("offered").asBoolean()).toList())
                .as("read-only hints make a tool read; write and unannotated tools count as write")
                .containsExactlyInAnyOrder("tracker__search_tickets:read:true", "tracker__create_ticket:write:false",
                        "tracker__close_ticket:write:false", "tracker__ping-tracker:write:false");
        String agent = agentWith(team, List.of("tracker__search_tickets", "tracker__create_ticket", "calculator"));

        assertThat(toolResult(team, agent, "call tracker__search_tickets {\"query\":\"printer\"}"))
                .isEqualTo("Printer on fire");
        assertThat(tracker.calls().getLast().authorization()).isEqualTo("Bearer " + team.token());
        int callsBefore = tracker.calls().size();
        String refused = toolResult(team, agent, "call tracker__create_ticket {\"title\":\"Sneaky\"}");
        assertThat(offeredToTheModel()).as("what the model was offered")
                .containsExactlyInAnyOrder("tracker__search_tickets", "calculator");
        assertThat(refused).contains("read-only").contains("not called");
        assertThat(tracker.calls()).as("the write never reached the system").hasSize(callsBefore);
        assertThat(tracker.tickets()).doesNotContain("Sneaky");
        assertThat(asOwner().sql("""
                        SELECT details::jsonb->>'reason' FROM audit_log
                        WHERE workspace_id = :w AND action = 'connection.call_refused' AND outcome = 'denied'""")
                .param("w", team.workspace()).query(String.class).list()).containsExactly("scope");

        String id = connection.path("id").asString();
        var widened = team.owner().client().put(team.connections() + "/" + id + "/scope",
                Map.of("scope", "read-write"));
        assertThat(widened.status()).as(widened.body()).isEqualTo(200);
        assertThat(toolResult(team, agent, "call tracker__create_ticket {\"title\":\"Printer again\"}"))
                .startsWith("Filed ticket");
        assertThat(offeredToTheModel()).contains("tracker__create_ticket");
        assertThat(tracker.tickets()).contains("Printer again");

        assertThat(team.owner().client().delete(team.connections() + "/" + id).status()).isEqualTo(200);
        callsBefore = tracker.calls().size();
        String afterRevoke = toolResult(team, agent, "call tracker__search_tickets {\"query\":\"printer\"}");
        assertThat(afterRevoke).contains("revoked");
        assertThat(offeredToTheModel()).containsExactly("calculator");
        assertThat(tracker.calls()).hasSize(callsBefore);
        assertThat(audited(team.workspace(), "connection.call_refused")).isEqualTo(2);
    }

    @Test
    @Tag("TN-04")
    @Tag("SC-04")
    @DisplayName("every connection is shown to the workspace with its scope, who made it and when, and each change "
            + "to it is in the audit log; only admins change connections")
    void connectionsAreRecordedShownAndAudited() {
        Team team = team("Recording Owner");
        SignedIn member = addMember(team.owner(), team.workspace(), "member", "Curious Member");
        tracker.requireToken(team.token());
        var refused = member.client().post(team.connections(), Map.of("kind", "mcp", "name", "Mine", "handle",
                "mine", "url", tracker.endpoint().toString(), "scope", "read-write", "token", team.token()));
        assertThat(refused.status()).as("members cannot connect systems").isEqualTo(403);
        String id = connect(team, "tracker", "read-only").path("id").asString();

        JsonNode listed = member.client().get(team.connections()).json();
        assertThat(listed.size()).isEqualTo(1);
        assertThat(listed.path(0).path("scope").asString()).isEqualTo("read-only");
        assertThat(listed.path(0).path("createdBy").asString()).isEqualTo(team.owner().personId().toString());
        assertThat(listed.path(0).path("createdAt").isMissingNode()).isFalse();
        assertThat(member.client().put(team.connections() + "/" + id + "/scope", Map.of("scope", "read-write"))
                .status()).isEqualTo(403);
        String page = HtmlUtils.htmlUnescape(member.client().get("/workspaces/" + team.workspace() + "/connections",
                "Accept", "text/html").body());
        assertThat(page).contains("Tracker", "read-only", "tracker__create_ticket", "not offered to agents")
                .containsPattern("Connected by <span>Recording Owner</span>");

        team.owner().client().put(team.connections() + "/" + id + "/scope", Map.of("scope", "read-write"));
        team.owner().client().post(team.connections() + "/" + id + "/tools/refresh", Map.of());
        team.owner().client().delete(team.connections() + "/" + id);
        assertThat(asOwner().sql("""
                        SELECT action FROM audit_log WHERE workspace_id = :w AND action LIKE 'connection.%'
                          AND actor_id = :p ORDER BY seq""")
                .param("w", team.workspace()).param("p", team.owner().personId()).query(String.class).list())
                .containsExactly("connection.created", "connection.scope_changed", "connection.tools_listed",
                        "connection.revoked");
        JsonNode revoked = member.client().get(team.connections() + "/" + id).json();
        assertThat(revoked.path("status").asString()).isEqualTo("revoked");
        assertThat(revoked.path("revokedBy").asString()).isEqualTo(team.owner().personId().toString());
        assertThat(team.owner().client().put(team.connections() + "/" + id + "/scope", Map.of("scope", "read-only"))
                .problemType()).isEqualTo("/problems/connection-revoked");
        var verified = team.owner().client().get("/api/audit/verification?workspaceId=" + team.workspace());
        assertThat(verified.json().path("intact").asBoolean()).as(verified.body()).isTrue();
    }

    @Test
    @Tag("SC-03")
    @DisplayName("a connection's token is sealed in the vault, never returned, replaceable, and deleted on revocation")
    void theTokenStaysInTheVault() {
        Team team = team("Token Owner");
        JsonNode made = connect(team, "tracker", "read-only");
        String id = made.path("id").asString();
        assertThat(made.toString()).doesNotContain(team.token());
        assertThat(made.path("tokenHint").asString()).isEqualTo("…" + team.token().substring(team.token().length() - 4));
        assertThat(team.owner().client().get(team.connections()).body()).doesNotContain(team.token());
        assertThat(dumpOfTheMainDatabase()).doesNotContain(team.token());

        String rotated = "mcp-token-" + UUID.randomUUID();
        tracker.requireToken(rotated);
        var replaced = team.owner().client().put(team.connections() + "/" + id + "/token", Map.of("token", rotated));
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        assertThat(replaced.body()).doesNotContain(rotated);
        String agent = agentWith(team, List.of("tracker__search_tickets"));
        assertThat(toolResult(team, agent, "call tracker__search_tickets {\"query\":\"login\"}"))
                .isEqualTo("Login page slow");
        assertThat(tracker.calls().getLast().authorization()).isEqualTo("Bearer " + rotated);

        team.owner().client().delete(team.connections() + "/" + id);
        assertThat(asOwner().sql("SELECT count(*) FROM vault_secrets WHERE workspace_id = :w AND purpose = :p")
                .param("w", team.workspace()).param("p", Connections.VAULT_PURPOSE).query(Long.class).single())
                .as("the token left the vault with the revocation").isZero();
    }

    @Test
    @DisplayName("another workspace can neither see, change nor use a workspace's connection or its tools")
    void connectionsStayInTheirWorkspace() {
        Team team = team("Owning Team");
        String id = connect(team, "tracker", "read-write").path("id").asString();
        Team other = team("Other Team");
        String theirs = team.connections() + "/" + id;
        assertThat(other.owner().client().get(team.connections()).status()).isEqualTo(404);
        assertThat(other.owner().client().get(theirs).status()).isEqualTo(404);
        assertThat(other.owner().client().get(other.connections() + "/" + id).status()).isEqualTo(404);
        assertThat(other.owner().client().put(other.connections() + "/" + id + "/scope", Map.of("scope",
                "read-only")).status()).isEqualTo(404);
        assertThat(other.owner().client().delete(other.connections() + "/" + id).status()).isEqualTo(404);
        assertThat(other.owner().client().get("/api/workspaces/" + other.workspace() + "/tools").body())
                .doesNotContain("tracker__");
        var agent = other.owner().client().post("/api/workspaces/" + other.workspace() + "/agents", Map.of(
                "name", "Thief", "instructions", "x", "model", other.providerModel(),
                "tools", List.of("tracker__create_ticket")));
        assertThat(agent.problemType()).isEqualTo("/problems/unknown-tool");
        assertThat(team.owner().client().get(theirs).json().path("status").asString()).isEqualTo("active");
    }

    @Test
    @DisplayName("a wrong URL, an unreachable or malformed server, a refused token and bad fields get a clear "
            + "problem, and nothing is stored")
    void badInputStoresNothing() throws IOException {
        Team team = team("Careful Owner");
        String url = tracker.endpoint().toString();
        tracker.requireToken(team.token());
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, Map<String, String>> cases = Map.of(
                "/problems/invalid-connection-url", Map.of("url", "http://tracker.example.test/mcp"),
                "/problems/connection-unreachable", Map.of("url", "http://127.0.0.1:" + closedPort + "/mcp"),
                "/problems/connection-unauthorized", Map.of("token", "wrong-token"),
                "/problems/invalid-scope", Map.of("scope", "everything"),
                "/problems/invalid-handle", Map.of("handle", "Has Spaces"),
                "/problems/invalid-connection-kind", Map.of("kind", "github"));
        cases.forEach((problem, change) -> {
            var body = new java.util.HashMap<>(Map.of("kind", "mcp", "name", "Tracker", "handle", "tracker",
                    "url", url, "scope", "read-only", "token", team.token()));
            body.putAll(change);
            var answer = team.owner().client().post(team.connections(), body);
            assertThat(answer.problemType()).as(answer.body()).isEqualTo(problem);
            assertThat(answer.body()).doesNotContain(team.token());
        });
        connect(team, "tracker", "read-only");
        assertThat(team.owner().client().post(team.connections(), Map.of("kind", "mcp", "name", "Again", "handle",
                "tracker", "url", url, "scope", "read-only", "token", team.token())).problemType())
                .isEqualTo("/problems/handle-taken");

        try (FakeMcpServer broken = FakeMcpServer.start().malformed()) {
            var answer = team.owner().client().post(team.connections(), Map.of("kind", "mcp", "name", "Broken",
                    "handle", "broken", "url", broken.endpoint().toString(), "scope", "read-only"));
            assertThat(answer.problemType()).as(answer.body()).isEqualTo("/problems/connection-malformed");
        }
        assertThat(asOwner().sql("SELECT count(*) FROM connections WHERE workspace_id = :w")
                .param("w", team.workspace()).query(Long.class).single()).isEqualTo(1);
        assertThat(asOwner().sql("SELECT count(*) FROM vault_secrets WHERE workspace_id = :w")
                .param("w", team.workspace()).query(Long.class).single()).as("no orphaned token").isEqualTo(1);
    }
}
