package dev.custos.connection;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.support.CustosIntegrationTest;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** Custos as an MCP server: an MCP client with a workspace's API key sees that workspace's agents and knowledge. */
class McpServerTest extends CustosIntegrationTest {

    @LocalServerPort
    private int port;

    private McpSyncClient client(String apiKey) {
        var transport = HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port).endpoint("/mcp")
                .httpRequestCustomizer((request, method, uri, body, context) ->
                        request.header("Authorization", "Bearer " + apiKey))
                .build();
        McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30))
                .clientInfo(new McpSchema.Implementation("an-ide", "1")).build();
        client.initialize();
        return client;
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().getFirst()).text();
    }

    private static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> arguments) {
        return client.callTool(new McpSchema.CallToolRequest(tool, arguments));
    }

    @Test
    @DisplayName("an MCP client lists the workspace's agents, runs one (a session the workspace reviews) and searches "
            + "its knowledge")
    void agentsAndKnowledgeOverMcp() {
        SignedIn owner = signUp("Mcp Owner");
        UUID workspace = createWorkspace(owner, "Mcp Team");
        String agent = createOfflineAgent(owner, workspace);
        String base = owner.client().post("/api/workspaces/" + workspace + "/knowledge-bases", Map.of("name",
                "Handbook")).text("id");
        String document = owner.client().upload("/api/workspaces/" + workspace + "/knowledge-bases/" + base
                        + "/documents", "onboarding.md", "text/markdown",
                "New people get a laptop on their first day.".getBytes(StandardCharsets.UTF_8)).text("id");
        Awaitility.await().until(() -> owner.client().get("/api/workspaces/" + workspace + "/knowledge-bases/" + base
                + "/documents/" + document).text("status").equals("ready"));
        String key = createApiKey(owner, workspace, "read", "write");

        try (McpSyncClient client = client(key)) {
            assertThat(client.listTools().tools().stream().map(McpSchema.Tool::name).toList())
                    .containsExactlyInAnyOrder("list_agents", "run_agent", "search_knowledge");
            assertThat(text(call(client, "list_agents", Map.of()))).contains("Helper", agent);
            var ran = call(client, "run_agent", Map.of("agent", "Helper", "message", "hello"));
            assertThat(ran.isError()).isFalse();
            assertThat(text(ran)).contains("Hello! I am the", "/workspaces/" + workspace + "/sessions/");
            var found = call(client, "search_knowledge", Map.of("query", "laptop first day"));
            assertThat(text(found)).startsWith("[1] onboarding.md").contains("#chunk-0");
        }
        var sessions = owner.client().get("/api/workspaces/" + workspace + "/sessions").json();
        assertThat(sessions.path("sessions").size() + sessions.size()).as("the run is a session to review")
                .isPositive();
    }

    @Test
    @DisplayName("a key's scopes are honoured: a read-only key is not offered run_agent and cannot call it")
    void scopesAreHonoured() {
        SignedIn owner = signUp("Mcp Reader");
        UUID workspace = createWorkspace(owner, "Readers");
        createOfflineAgent(owner, workspace);
        try (McpSyncClient client = client(createApiKey(owner, workspace, "read"))) {
            assertThat(client.listTools().tools().stream().map(McpSchema.Tool::name).toList())
                    .containsExactlyInAnyOrder("list_agents", "search_knowledge");
            var refused = call(client, "run_agent", Map.of("agent", "Helper", "message", "hello"));
            assertThat(refused.isError()).isTrue();
            assertThat(text(refused)).contains("'write' scope");
        }
        assertThat(asOwner().sql("SELECT count(*) FROM agent_sessions WHERE workspace_id = :w")
                .param("w", workspace).query(Long.class).single()).isZero();
    }

    @Test
    @DisplayName("another workspace's key sees only its own workspace, and no key gets nothing")
    void aKeyReachesItsOwnWorkspaceOnly() throws Exception {
        SignedIn alice = signUp("Mcp Alice");
        UUID a = createWorkspace(alice, "Alice's");
        String aliceAgent = createOfflineAgent(alice, a);
        SignedIn bob = signUp("Mcp Bob");
        UUID b = createWorkspace(bob, "Bob's");
        try (McpSyncClient client = client(createApiKey(bob, b, "read", "write"))) {
            assertThat(text(call(client, "list_agents", Map.of()))).doesNotContain(aliceAgent)
                    .isEqualTo("This workspace has no agents.");
            var refused = call(client, "run_agent", Map.of("agent", aliceAgent, "message", "hello"));
            assertThat(refused.isError()).isTrue();
            assertThat(text(refused)).contains("was not found");
        }
        assertThat(asOwner().sql("SELECT count(*) FROM agent_sessions WHERE workspace_id = :w")
                .param("w", a).query(Long.class).single()).isZero();
        var anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/mcp")).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("unauthenticated").doesNotContain("list_agents");
        assertThat(List.of(anonymous.headers().firstValue("Content-Type").orElse(""))).first().asString()
                .contains("json");
    }
}
