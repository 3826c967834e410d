package dev.custos.connection;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.fakes.FakeAuthorizationServer;
import dev.custos.fakes.FakeGitHub;
import dev.custos.fakes.FakeMcpServer;
import dev.custos.fakes.FakeModelProvider;
import dev.custos.fakes.FakeNotion;
import dev.custos.fakes.FakeSaas;
import dev.custos.fakes.FakeSlack;
import dev.custos.support.ApiClient;
import dev.custos.support.CustosIntegrationTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GitHub, Slack and Notion as built-in connectors (TN-04, SC-03, SC-04): connected through OAuth against fakes that
 * speak the services' wire formats, scopes enforced on every call, tokens sealed and renewed, Slack mentions
 * answered in their threads.
 */
class ConnectorsTest extends CustosIntegrationTest {

    private static FakeGitHub github;
    private static FakeSlack slack;
    private static FakeNotion notion;
    private static FakeModelProvider model;
    private static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @LocalServerPort
    int port;

    @BeforeAll
    static void start() throws IOException {
        github = FakeGitHub.start();
        slack = FakeSlack.start();
        notion = FakeNotion.start();
        model = FakeModelProvider.start();
    }

    @AfterAll
    static void stop() {
        github.close();
        slack.close();
        notion.close();
        model.close();
    }

    private record Team(SignedIn owner, UUID workspace, String providerModel) {
        String path(String rest) {
            return "/api/workspaces/" + workspace + rest;
        }
    }

    private Team team(String name) {
        registerApps();
        SignedIn owner = signUp(name);
        UUID workspace = createWorkspace(owner, name + "'s team");
        Registered provider = registerProvider("openai-compatible", model.baseUrl(), true, "directed");
        allowProvider(owner, workspace, provider.id());
        return new Team(owner, workspace, provider.name() + "/directed");
    }

    private void registerApps() {
        register("github", github.baseUrl() + "/login/oauth/authorize", github.baseUrl() + "/login/oauth/access_token",
                github.baseUrl().toString(), null);
        register("slack", slack.baseUrl() + "/oauth/v2/authorize", slack.baseUrl() + "/api/oauth.v2.access",
                slack.baseUrl() + "/api", FakeSlack.SIGNING_SECRET);
        register("notion", notion.baseUrl() + "/v1/oauth/authorize", notion.baseUrl() + "/v1/oauth/token",
                notion.baseUrl().toString(), null);
    }

    private void register(String kind, String authorize, String token, String api, String signingSecret) {
        var body = new java.util.HashMap<String, Object>(Map.of("clientId", FakeSaas.CLIENT_ID, "clientSecret",
                FakeSaas.CLIENT_SECRET, "authorizeUrl", authorize, "tokenUrl", token, "apiUrl", api));
        if (signingSecret != null) {
            body.put("signingSecret", signingSecret);
        }
        var registered = installationAdmin().client().put("/api/admin/connector-apps/" + kind, body);
        assertThat(registered.status()).as(registered.body()).isEqualTo(200);
    }

    /** Starts connecting; answers the consent page's URL. */
    private URI start(Team team, String kind, String handle, String scope, String agent) {
        var body = new java.util.HashMap<String, Object>(Map.of("kind", kind, "name", kind + " of the team",
                "handle", handle, "scope", scope));
        if (agent != null) {
            body.put("agentId", agent);
        }
        var started = team.owner().client().post(team.path("/connections/oauth"), body);
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        return URI.create(started.text("authorizationUrl"));
    }

    /** The person at the service allows it: the query the service sends back to Custos's callback. */
    private static String consent(URI authorizationUrl) throws IOException, InterruptedException {
        HttpResponse<Void> redirect = BROWSER.send(HttpRequest.newBuilder(authorizationUrl).GET().build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(redirect.statusCode()).isEqualTo(302);
        URI back = URI.create(redirect.headers().firstValue("Location").orElseThrow());
        assertThat(back.getPath()).isEqualTo("/connections/oauth/callback");
        assertThat(back.getHost()).as("the callback is at the installation's base URL").isEqualTo("custos.test");
        return back.getRawQuery();
    }

    private JsonNode connect(Team team, String kind, String handle, String scope, String agent) throws Exception {
        var finished = team.owner().client().get("/connections/oauth/callback?" + consent(start(team, kind, handle,
                scope, agent)));
        assertThat(finished.status()).isEqualTo(200);
        assertThat(finished.body()).contains("Connected ");
        return team.owner().client().get(team.path("/connections")).json().valueStream()
                .filter(connection -> connection.path("handle").asString().equals(handle)
                        && connection.path("status").asString().equals("active"))
                .findFirst().orElseThrow();
    }

    private String agentWith(Team team, List<String> tools) {
        var created = team.owner().client().post(team.path("/agents"), Map.of("name", "Connector helper",
                "instructions", "Help.", "model", team.providerModel(), "tools", tools));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.text("id");
    }

    private String toolResult(Team team, String agent, String message) {
        String session = runSession(team.owner(), team.workspace(), agent, message);
        return team.owner().client().get(session).json().path("events").valueStream()
                .filter(event -> event.path("kind").asString().equals("tool_result"))
                .map(event -> event.path("content").path("text").asString()).reduce((a, b) -> b).orElseThrow();
    }

    private long audited(String action, String detail) {
        return asOwner().sql("SELECT count(*) FROM audit_log WHERE action = :a AND details::text LIKE :d")
                .param("a", action).param("d", "%" + detail + "%").query(Long.class).single();
    }

    @Test
    @Tag("TN-04")
    @Tag("SC-03")
    @Tag("SC-04")
    @DisplayName("GitHub connects through OAuth with PKCE; read-only offers only the reading tools, follows pages, and "
            + "a comment a model asks for anyway never reaches GitHub; the token is sealed, never shown; the app's "
            + "registration and the connection are audited")
    void gitHubReadOnly() throws Exception {
        long registrations = audited("connector_app.updated", "client_secret_replaced")
                + audited("connector_app.registered", "client_secret_replaced");
        Team team = team("GitHub Owner");
        assertThat(audited("connector_app.updated", "client_secret_replaced")
                + audited("connector_app.registered", "client_secret_replaced"))
                .as("each of the three apps' registration is audited").isEqualTo(registrations + 3);
        JsonNode connection = connect(team, "github", "gh", "read-only", null);
        assertThat(asOwner().sql("""
                        SELECT count(*) FROM audit_log WHERE workspace_id = :w AND action = 'connection.created'
                        AND details::text LIKE '%github%' AND actor_id = :p""")
                .param("w", team.workspace()).param("p", team.owner().personId()).query(Long.class).single())
                .isEqualTo(1);
        assertThat(connection.path("kind").asString()).isEqualTo("github");
        assertThat(connection.path("auth").asString()).isEqualTo("oauth");
        assertThat(connection.path("account").asString()).isEqualTo("octo-admin");
        assertThat(connection.path("tools").valueStream().filter(tool -> tool.path("offered").asBoolean())
                .map(tool -> tool.path("name").asString()).toList()).containsExactlyInAnyOrder("gh__search_issues",
                "gh__search_code", "gh__read_file", "gh__get_pull_request", "gh__list_issues");
        String issued = github.requests().getLast().token();
        assertThat(team.owner().client().get(team.path("/connections")).body()).doesNotContain(issued);
        assertThat(dumpOfTheMainDatabase()).as("the token is sealed in the vault").doesNotContain(issued);

        String agent = agentWith(team, List.of("gh__search_issues", "gh__read_file", "gh__comment"));
        int comments = github.comments().size();
        String found = toolResult(team, agent, "call gh__search_issues {\"query\":\"crash\",\"repo\":\"acme/widgets\"}");
        assertThat(found).as("three matches, two a page: the second page was followed")
                .contains("Widget crashes on start", "Crash when saving a widget", "Fix the crash on start");
        assertThat(toolResult(team, agent, "call gh__read_file {\"repo\":\"acme/widgets\",\"path\":\"README.md\"}"))
                .contains("Widgets are small and kind.");

        String refused = toolResult(team, agent, "call gh__comment {\"repo\":\"acme/widgets\",\"number\":1,"
                + "\"body\":\"Sneaky\"}");
        assertThat(refused).contains("read-only").contains("not called");
        assertThat(github.comments()).as("the comment never reached GitHub").hasSize(comments);
        assertThat(asOwner().sql("""
                        SELECT count(*) FROM audit_log WHERE workspace_id = :w AND action = 'connection.call_refused'
                        AND outcome = 'denied'""").param("w", team.workspace()).query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    @Tag("TN-04")
    @DisplayName("with read-write a comment and an issue reach GitHub; a rate limit is waited out and a 503 retried; "
            + "an expired token is renewed with the refresh token")
    void gitHubReadWriteThroughLimitsAndRenewal() throws Exception {
        Team team = team("GitHub Writer");
        github.expireTokensAfter(3600);
        try {
            connect(team, "github", "repo", "read-write", null);
        } finally {
            github.expireTokensAfter(0);
        }
        String agent = agentWith(team, List.of("repo__comment", "repo__create_issue", "repo__list_issues"));
        assertThat(toolResult(team, agent, "call repo__comment {\"repo\":\"acme/widgets\",\"number\":2,"
                + "\"body\":\"Dark mode is planned.\"}")).contains("issuecomment");
        assertThat(github.comments()).contains(new FakeGitHub.Comment(2, "Dark mode is planned."));

        github.rateLimitNext(1, 1).failNext(0);
        Instant before = Instant.now();
        assertThat(toolResult(team, agent, "call repo__list_issues {\"repo\":\"acme/widgets\"}"))
                .contains("Fix the crash on start");
        assertThat(Duration.between(before, Instant.now())).as("Retry-After was honoured")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        github.failNext(2);
        assertThat(toolResult(team, agent, "call repo__list_issues {\"repo\":\"acme/widgets\"}"))
                .contains("Fix the crash on start");
        github.failNext(5);
        assertThat(toolResult(team, agent, "call repo__list_issues {\"repo\":\"acme/widgets\"}"))
                .contains("GitHub is failing (HTTP 503 after 3 tries)");
        github.failNext(0);

        int refreshes = github.refreshes();
        github.expireAllTokens();
        assertThat(toolResult(team, agent, "call repo__create_issue {\"repo\":\"acme/widgets\",\"title\":"
                + "\"Renewed\"}")).contains("\"number\"");
        assertThat(github.refreshes()).isEqualTo(refreshes + 1);
        assertThat(github.issues()).extracting(FakeGitHub.Issue::title).contains("Renewed");
        assertThat(asOwner().sql("SELECT count(*) FROM audit_log WHERE workspace_id = :w AND action = "
                + "'connection.token_renewed'").param("w", team.workspace()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    @Tag("SC-03")
    @DisplayName("revoking an OAuth connection deletes its access and refresh tokens from the vault at once")
    void revokingDeletesBothTokens() throws Exception {
        Team team = team("Revoking Owner");
        github.expireTokensAfter(3600);
        JsonNode connection;
        try {
            connection = connect(team, "github", "gone", "read-only", null);
        } finally {
            github.expireTokensAfter(0);
        }
        UUID id = UUID.fromString(connection.path("id").asString());
        List<UUID> secrets = asOwner().sql("""
                        SELECT unnest(ARRAY[secret_id, refresh_secret_id]) FROM connections
                        WHERE workspace_id = :w AND connection_id = :id""")
                .param("w", team.workspace()).param("id", id).query(UUID.class).list();
        assertThat(secrets).hasSize(2).doesNotContainNull();
        assertThat(team.owner().client().delete(team.path("/connections/" + id)).status()).isEqualTo(200);
        assertThat(asOwner().sql("SELECT count(*) FROM vault_secrets WHERE secret_id IN (:ids)")
                .param("ids", secrets).query(Long.class).single()).isZero();
    }

    @Test
    @Tag("TN-04")
    @DisplayName("a sign-in to a service finishes only once, only for the admin who started it, and a refused "
            + "consent stores nothing")
    void theStateIsBoundToItsStarterAndSpentOnce() throws Exception {
        Team team = team("State Owner");
        SignedIn otherAdmin = addMember(team.owner(), team.workspace(), "admin", "Other Admin");
        String query = consent(start(team, "notion", "wiki", "read-only", null));

        var stolen = otherAdmin.client().get("/connections/oauth/callback?" + query);
        assertThat(stolen.body()).contains("only they can finish it");
        var replayed = team.owner().client().get("/connections/oauth/callback?" + query);
        assertThat(replayed.body()).contains("was finished already");

        SignedIn stranger = signUp("Stranger");
        UUID elsewhere = createWorkspace(stranger, "Elsewhere");
        var crossStart = stranger.client().post(team.path("/connections/oauth"), Map.of("kind", "notion", "name",
                "Wiki", "handle", "wiki", "scope", "read-only"));
        assertThat(crossStart.status()).as("another workspace's admin cannot start here").isIn(403, 404);
        String strangerQuery = consent(URI.create(stranger.client().post("/api/workspaces/" + elsewhere
                + "/connections/oauth", Map.of("kind", "notion", "name", "Wiki", "handle", "wiki", "scope",
                "read-only")).text("authorizationUrl")));
        assertThat(team.owner().client().get("/connections/oauth/callback?" + strangerQuery).body())
                .as("a state of another workspace is not this person's to finish").doesNotContain("Connected ");

        notion.denyConsent(true);
        try {
            URI refusedAt = start(team, "notion", "wiki", "read-only", null);
            var refused = team.owner().client().get("/connections/oauth/callback?" + consent(refusedAt));
            assertThat(refused.body()).contains("did not allow the connection (access_denied)");
        } finally {
            notion.denyConsent(false);
        }
        assertThat(team.owner().client().get(team.path("/connections")).json().size()).isZero();
        var notAdmin = team.owner().client().get("/api/admin/connector-apps");
        assertThat(notAdmin.status()).as("a workspace owner is no installation administrator").isEqualTo(403);
        assertThat(installationAdmin().client().get("/api/admin/connector-apps").body())
                .doesNotContain(FakeSaas.CLIENT_SECRET).doesNotContain(FakeSlack.SIGNING_SECRET);
    }

    @Test
    @Tag("TN-04")
    @DisplayName("Notion read-write: search follows cursors, pages are read and appended to, a 429 is waited out")
    void notionReadWrite() throws Exception {
        Team team = team("Notion Owner");
        connect(team, "notion", "wiki", "read-write", null);
        String agent = agentWith(team, List.of("wiki__search", "wiki__read_page", "wiki__append_to_page"));
        String found = toolResult(team, agent, "call wiki__search {\"query\":\"e\"}");
        assertThat(found).as("three pages, two a page: the cursor was followed")
                .contains("Team handbook", "Release checklist", "Meeting notes");
        String handbook = "2f1c7a34-0000-4000-8000-000000000001";
        assertThat(toolResult(team, agent, "call wiki__read_page {\"page_id\":\"" + handbook.replace("-", "")
                + "\"}")).contains("On-call rotates every Monday.", "Expenses are filed within 30 days.");
        notion.rateLimitNext(1, 1);
        assertThat(toolResult(team, agent, "call wiki__append_to_page {\"page_id\":\"" + handbook
                + "\",\"text\":\"Fridays are quiet.\"}")).contains("\"appended\":1");
        assertThat(notion.page(handbook).paragraphs()).contains("Fridays are quiet.");
        assertThat(notion.requests()).allMatch(request -> !request.token().isEmpty());
    }

    @Test
    @Tag("TN-04")
    @DisplayName("a Slack integration: a signed mention runs the agent once and its answer is posted in the thread; "
            + "unsigned, wrongly signed or stale requests are refused")
    void slackMentionAnswersInItsThread() throws Exception {
        Team team = team("Slack Owner");
        String agent = createOfflineAgent(team.owner(), team.workspace());
        connect(team, "slack", "chat", "integration", agent);
        URI events = URI.create("http://localhost:" + port + "/integrations/slack/events");

        String body = slack.mentionBody("C0GENERAL", "what is 6 times 7?");
        long now = Instant.now().getEpochSecond();
        assertThat(slack.send(events, body, now, "not-the-secret")).isEqualTo(401);
        assertThat(slack.send(events, body, now - 600, FakeSlack.SIGNING_SECRET)).as("replayed later").isEqualTo(401);
        assertThat(slack.send(events, body, now, FakeSlack.SIGNING_SECRET)).isEqualTo(200);
        assertThat(slack.send(events, body, now, FakeSlack.SIGNING_SECRET)).as("Slack's retry").isEqualTo(200);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !slack.threadReplies().isEmpty());
        FakeSlack.Post reply = slack.threadReplies().getFirst();
        String mentionTs = tools.jackson.databind.json.JsonMapper.builder().build().readTree(body).path("event")
                .path("ts").asString();
        assertThat(reply.channel()).isEqualTo("C0GENERAL");
        assertThat(reply.threadTs()).isEqualTo(mentionTs);
        assertThat(reply.text()).isNotBlank();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> asOwner().sql("""
                SELECT count(*) FROM connection_mentions WHERE workspace_id = :w AND answered_at IS NOT NULL""")
                .param("w", team.workspace()).query(Long.class).single() == 1);
        assertThat(slack.threadReplies()).as("answered once: the sweep has nothing more to post").hasSize(1);
        assertThat(asOwner().sql("SELECT count(*) FROM agent_sessions WHERE workspace_id = :w")
                .param("w", team.workspace()).query(Long.class).single()).as("one run for two deliveries")
                .isEqualTo(1);

        var check = new ApiClient(port).withoutCsrfHeader();
        assertThat(slack.send(events, "{\"type\":\"url_verification\",\"challenge\":\"abc\"}", now,
                FakeSlack.SIGNING_SECRET)).isEqualTo(200);
        assertThat(check.post("/integrations/slack/events", Map.of("type", "url_verification")).status())
                .as("unsigned").isEqualTo(401);
    }

    @Test
    @Tag("TN-04")
    @DisplayName("an MCP server that asks for OAuth: Custos finds its authorization server, registers itself, signs "
            + "in with PKCE and a resource indicator, lists the tools, renews the token; a server that does not ask "
            + "is refused")
    void mcpServerWithOAuth() throws Exception {
        Team team = team("MCP OAuth Owner");
        try (FakeAuthorizationServer authorization = FakeAuthorizationServer.start();
             FakeMcpServer tracker = FakeMcpServer.start()) {
            var plain = team.owner().client().post(team.path("/connections/oauth"), Map.of("kind", "mcp", "name",
                    "Tracker", "handle", "tracker", "url", tracker.endpoint().toString(), "scope", "read-only"));
            assertThat(plain.status()).isEqualTo(502);
            assertThat(plain.text("detail")).contains("did not ask for authorization");

            tracker.requireOAuth(authorization);
            authorization.expireTokensAfter(3600);
            var started = team.owner().client().post(team.path("/connections/oauth"), Map.of("kind", "mcp", "name",
                    "Tracker", "handle", "tracker", "url", tracker.endpoint().toString(), "scope", "read-only"));
            assertThat(started.status()).as(started.body()).isEqualTo(201);
            assertThat(authorization.registeredClients()).isEqualTo(1);
            URI consentPage = URI.create(started.text("authorizationUrl"));
            assertThat(consentPage.getRawQuery()).contains("code_challenge_method=S256", "resource=");
            var finished = team.owner().client().get("/connections/oauth/callback?" + consent(consentPage));
            assertThat(finished.body()).contains("Connected Tracker: 4 tools, read-only.");

            String agent = agentWith(team, List.of("tracker__search_tickets"));
            assertThat(toolResult(team, agent, "call tracker__search_tickets {\"query\":\"printer\"}"))
                    .isEqualTo("Printer on fire");
            assertThat(tracker.calls().getLast().authorization()).startsWith("Bearer mcp-at-");
            authorization.expireAllTokens();
            assertThat(toolResult(team, agent, "call tracker__search_tickets {\"query\":\"login\"}"))
                    .isEqualTo("Login page slow");
            assertThat(authorization.refreshes()).isEqualTo(1);
        }
    }
}
