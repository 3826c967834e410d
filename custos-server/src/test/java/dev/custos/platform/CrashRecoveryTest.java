package dev.custos.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.fakes.FakeSaas;
import dev.custos.fakes.FakeSlack;
import dev.custos.support.ApiClient;
import dev.custos.support.CustosIntegrationTest.SignedIn;
import dev.custos.support.CustosProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.util.FileSystemUtils;

import static dev.custos.support.CustosIntegrationTest.PASSWORD;
import static dev.custos.support.CustosIntegrationTest.signUp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What Custos acknowledges survives SIGKILL of the JVM and its database together: each case runs Custos in a JVM of
 * its own with production settings, makes one acknowledged change, kills everything within milliseconds of the 2xx,
 * starts Custos again over the same files and finds the change there. Breaker: start the embedded database with
 * {@code durable=false} (its WAL is then written up to 600 ms after the commit is acknowledged) and these fail.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashRecoveryTest {

    private final Path home = Path.of("target/crash-test").toAbsolutePath();
    private final int port;
    private CustosProcess custos;
    private ApiClient admin;

    CrashRecoveryTest() throws IOException {
        this.port = CustosProcess.freePort();
    }

    @BeforeAll
    void firstStart() throws IOException {
        FileSystemUtils.deleteRecursively(home);
        custos = CustosProcess.start(home, port);
        admin = custos.client();
        String code = await().atMost(Duration.ofSeconds(30)).until(custos::printedInvitation,
                java.util.Optional::isPresent).orElseThrow();
        signUp(admin, code, "Crash Admin");
    }

    @AfterAll
    void stop() {
        if (custos != null) {
            custos.close();
        }
    }

    @Test
    @Order(1)
    @DisplayName("the embedded database runs durable by default: fsync, synchronous commit and full page writes on")
    void durableByDefault() throws Exception {
        try (Connection db = asOwner(); var settings = db.createStatement().executeQuery(
                "SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes')")) {
            int on = 0;
            while (settings.next()) {
                assertThat(settings.getString(2)).as(settings.getString(1)).isEqualTo("on");
                on++;
            }
            assertThat(on).isEqualTo(3);
        }
    }

    @Test
    @Order(2)
    @Tag("DR-04")
    @DisplayName("an acknowledged erasure request survives SIGKILL of the JVM and the database at once")
    void erasureSurvives() throws Exception {
        SignedIn person = newPerson("Erased Person");
        var erasure = person.client().post("/api/privacy/erasure", Map.of("password", PASSWORD));
        assertThat(erasure.status()).as(erasure.body()).isEqualTo(202);
        crashAndRestart();

        assertThat(count("SELECT count(*) FROM erasure_jobs WHERE person_id = ?", person.personId())).isEqualTo(1);
        var signIn = custos.client().post("/api/auth/sign-in", Map.of("email", person.email(), "password", PASSWORD));
        assertThat(signIn.status()).as("the account stays closed").isEqualTo(401);
    }

    @Test
    @Order(3)
    @Tag("DR-05")
    @DisplayName("an acknowledged restriction of processing survives SIGKILL of the JVM and the database at once")
    void restrictionSurvives() throws Exception {
        SignedIn person = newPerson("Restricting Person");
        var restricted = person.client().post("/api/privacy/restriction", Map.of("password", PASSWORD));
        assertThat(restricted.status()).as(restricted.body()).isBetween(200, 299);
        crashAndRestart();

        assertThat(count("SELECT count(*) FROM people WHERE person_id = ? AND processing_restricted_at IS NOT NULL",
                person.personId())).isEqualTo(1);
    }

    @Test
    @Order(4)
    @Tag("DR-07")
    @DisplayName("an acknowledged withdrawal of consent survives SIGKILL of the JVM and the database at once")
    void consentWithdrawalSurvives() throws Exception {
        SignedIn person = newPerson("Withdrawing Person");
        var given = person.client().post("/api/privacy/consents", Map.of("purpose", "marketing_email",
                "given", true, "noticeVersion", "1"));
        assertThat(given.status()).as(given.body()).isEqualTo(200);
        var withdrawn = person.client().post("/api/privacy/consents", Map.of("purpose", "marketing_email",
                "given", false, "noticeVersion", "1"));
        assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
        crashAndRestart();

        try (Connection db = asOwner(); var latest = db.prepareStatement("""
                SELECT given FROM consent_records WHERE person_id = ? AND purpose = 'marketing_email'
                ORDER BY recorded_at DESC LIMIT 1""")) {
            latest.setObject(1, person.personId());
            var rows = latest.executeQuery();
            assertThat(rows.next()).isTrue();
            assertThat(rows.getBoolean(1)).as("the withdrawal is the latest record").isFalse();
        }
    }

    @Test
    @Order(5)
    @Tag("DR-02")
    @DisplayName("an acknowledged export link survives SIGKILL of the JVM and the database at once, and still works")
    void exportRequestSurvives() throws Exception {
        SignedIn person = newPerson("Exporting Person");
        var link = person.client().post("/api/privacy/exports", Map.of("password", PASSWORD));
        assertThat(link.status()).as(link.body()).isEqualTo(201);
        crashAndRestart();

        var download = person.client().get(link.text("url"));
        assertThat(download.status()).as(download.body()).isEqualTo(200);
    }

    @Test
    @Order(6)
    @Tag("AI-01")
    @DisplayName("every agent step a client was shown, and an acknowledged approval, survive SIGKILL of the JVM and "
            + "the database at once; the run then goes on to its end")
    void agentStepsSurvive() throws Exception {
        SignedIn person = newPerson("Agent Person");
        var workspace = person.client().post("/api/workspaces", Map.of("name", "Crash", "region", "EU"));
        assertThat(workspace.status()).as(workspace.body()).isEqualTo(201);
        String agents = "/api/workspaces/" + workspace.text("id") + "/agents";
        var agent = person.client().post(agents, Map.of("name", "Helper", "instructions", "Be helpful.",
                "model", "offline/scripted-demo", "tools", List.of("calculator"), "approvalTools",
                List.of("calculator"), "redaction", false));
        assertThat(agent.status()).as(agent.body()).isEqualTo(201);

        var first = person.client().stream(agents + "/" + agent.text("id") + "/sessions",
                Map.of("message", "please calculate this"));
        List<ApiClient.Event> shown = ApiClient.events(first.body());
        crashAndRestart();

        String session = agents + "/" + agent.text("id") + "/sessions/"
                + first.headers().firstValue("X-Custos-Session-Id").orElseThrow();
        var stored = person.client().get(session).json();
        assertThat(stored.path("session").path("status").asString()).isEqualTo("awaiting_approval");
        List<String> storedKinds = stored.path("events").valueStream().map(e -> e.path("kind").asString()).toList();
        assertThat(storedKinds).containsExactlyElementsOf(shown.stream().map(ApiClient.Event::name).toList());

        String callId = shown.getLast().data().path("meta").path("callId").asString();
        var decided = person.client().post(session + "/approvals/" + callId, Map.of("approve", true));
        assertThat(decided.status()).as(decided.body()).isEqualTo(200);
        crashAndRestart();

        await().atMost(Duration.ofSeconds(60)).until(() ->
                person.client().get(session).json().path("session").path("status").asString().equals("idle"));
        List<String> kinds = person.client().get(session).json().path("events").valueStream()
                .map(e -> e.path("kind").asString()).toList();
        assertThat(kinds).contains("approval_decided", "tool_result").endsWith("run_completed");
    }

    @Test
    @Order(6)
    @Tag("AI-01")
    @DisplayName("a local tool's call handed to a terminal, and the terminal's acknowledged answer, survive SIGKILL of "
            + "the JVM and the database at once; the run then goes on to its end")
    void localToolAnswerSurvives() throws Exception {
        SignedIn person = newPerson("Terminal Person");
        var workspace = person.client().post("/api/workspaces", Map.of("name", "Terminal crash", "region", "EU"));
        String agents = "/api/workspaces/" + workspace.text("id") + "/agents";
        var agent = person.client().post(agents, Map.of("name", "Reader", "instructions", "Read.",
                "model", "offline/scripted-demo"));
        assertThat(agent.status()).as(agent.body()).isEqualTo(201);

        var first = person.client().stream(agents + "/" + agent.text("id") + "/sessions", Map.of("message",
                "Summarise the README here", "localTools", List.of("local_read_file")));
        ApiClient.Event handed = ApiClient.events(first.body()).getLast();
        assertThat(handed.name()).isEqualTo("local_tool_requested");
        crashAndRestart();

        String session = agents + "/" + agent.text("id") + "/sessions/"
                + first.headers().firstValue("X-Custos-Session-Id").orElseThrow();
        assertThat(person.client().get(session).json().path("session").path("status").asString())
                .isEqualTo("awaiting_client");
        var answered = person.client().post(session + "/local-results/" + handed.data().path("meta")
                .path("callId").asString(), Map.of("output", "# Lantern\n\nLantern keeps the lights on.",
                "outcome", "ok", "durationMs", 3));
        assertThat(answered.status()).as(answered.body()).isEqualTo(200);
        crashAndRestart();

        await().atMost(Duration.ofSeconds(60)).until(() ->
                person.client().get(session).json().path("session").path("status").asString().equals("idle"));
        var done = person.client().get(session).json();
        assertThat(done.path("events").valueStream().map(e -> e.path("kind").asString()).toList())
                .contains("local_tool_requested", "tool_result").endsWith("run_completed");
        assertThat(done.toString()).contains("Lantern keeps the lights on.");
    }

    @Test
    @Order(6)
    @Tag("TN-04")
    @DisplayName("a Slack mention Custos acknowledged survives SIGKILL of the JVM and the database at once: its agent "
            + "runs once and the answer is posted in the thread after the restart")
    void slackMentionSurvives() throws Exception {
        try (FakeSlack slack = FakeSlack.start()) {
            var registered = admin.put("/api/admin/connector-apps/slack", Map.of("clientId", FakeSaas.CLIENT_ID,
                    "clientSecret", FakeSaas.CLIENT_SECRET, "signingSecret", FakeSlack.SIGNING_SECRET,
                    "authorizeUrl", slack.baseUrl() + "/oauth/v2/authorize", "tokenUrl", slack.baseUrl()
                            + "/api/oauth.v2.access", "apiUrl", slack.baseUrl() + "/api"));
            assertThat(registered.status()).as(registered.body()).isEqualTo(200);
            var workspace = admin.post("/api/workspaces", Map.of("name", "Slack crash", "region", "EU"));
            String base = "/api/workspaces/" + workspace.text("id");
            var agent = admin.post(base + "/agents", Map.of("name", "Helper", "instructions", "Help.", "model",
                    "offline/scripted-demo"));
            var started = admin.post(base + "/connections/oauth", Map.of("kind", "slack", "name", "Slack",
                    "handle", "chat", "scope", "integration", "agentId", agent.text("id")));
            assertThat(started.status()).as(started.body()).isEqualTo(201);
            var consent = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(started.text("authorizationUrl"))).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            String back = java.net.URI.create(consent.headers().firstValue("Location").orElseThrow()).getRawQuery();
            assertThat(admin.get("/connections/oauth/callback?" + back).body()).contains("Connected Slack");

            slack.failNext(1_000_000); // Slack is down: the answer cannot be posted before the crash
            java.net.URI events = java.net.URI.create("http://localhost:" + custos.port()
                    + "/integrations/slack/events");
            assertThat(slack.mention(events, "C0GENERAL", "what is 6 times 7?")).isEqualTo(200);
            crashAndRestart();
            slack.failNext(0);

            await().atMost(Duration.ofSeconds(60)).until(() -> !slack.threadReplies().isEmpty());
            assertThat(slack.threadReplies()).hasSize(1);
            assertThat(slack.threadReplies().getFirst().channel()).isEqualTo("C0GENERAL");
        }
    }

    @Test
    @Order(7)
    @DisplayName("a database left running by a killed Custos is stopped cleanly at the next start, within seconds")
    void orphanedDatabaseIsStopped() throws Exception {
        long orphan = custos.databaseProcesses().getFirst().pid();
        custos.killJvmOnly();
        assertThat(ProcessHandle.of(orphan)).as("the database outlives its JVM").hasValueSatisfying(p ->
                assertThat(p.isAlive()).isTrue());

        Instant before = Instant.now();
        custos = CustosProcess.start(home, port);
        assertThat(Duration.between(before, Instant.now())).isLessThan(Duration.ofSeconds(60));
        assertThat(ProcessHandle.of(orphan).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(custos.log()).contains("Stopping the PostgreSQL server (pid " + orphan + ")");
        assertThat(admin.get("/api/me").status()).as("sessions live in the database").isEqualTo(200);
    }

    private SignedIn newPerson(String name) {
        var invitation = admin.post("/api/invitations", null);
        assertThat(invitation.status()).as(invitation.body()).isEqualTo(201);
        return signUp(custos.client(), invitation.text("code"), name);
    }

    private void crashAndRestart() throws IOException {
        custos.killWithDatabase();
        custos = CustosProcess.start(home, port);
    }

    /** The child's database as its owner, with the password it keeps in its data directory. */
    private Connection asOwner() throws IOException, SQLException {
        Path data = custos.dataDirectory();
        int databasePort = Integer.parseInt(Files.readAllLines(data.resolve("postmaster.pid")).get(3).strip());
        String password = Files.readString(data.resolve("custos-passwords/postgres")).strip();
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + databasePort + "/custos", "postgres",
                password);
    }

    private long count(String sql, UUID person) throws Exception {
        try (Connection db = asOwner(); var query = db.prepareStatement(sql)) {
            query.setObject(1, person);
            var rows = query.executeQuery();
            rows.next();
            return rows.getLong(1);
        }
    }
}
