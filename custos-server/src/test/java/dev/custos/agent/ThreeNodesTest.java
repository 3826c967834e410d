package dev.custos.agent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.platform.ClusterSize;
import dev.custos.platform.database.DatabaseServer;
import dev.custos.support.ApiClient;
import dev.custos.support.FakeProviderTest;
import dev.custos.support.CustosProcess;
import dev.custos.support.Nodes;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three nodes on one database, the third in a JVM of its own: killed with SIGKILL while it runs an agent, its run is
 * taken over by a live node from the stored events and ends once, with nothing lost or doubled, and the cluster
 * counts one node fewer (so each node's share of an API rate limit grows back).
 */
class ThreeNodesTest extends FakeProviderTest {

    /** Long enough (the slow model streams a word every 200 ms) to be under way when its node is killed. */
    private static final String MESSAGE = "resume me on another node: " + "word after word ".repeat(15).strip();

    @Autowired
    private DatabaseServer database;
    @Autowired
    private ClusterSize cluster;

    @Test
    @DisplayName("a node killed mid-run: another live node resumes the run, which ends once, metered once")
    void aKilledNodesRunIsResumedElsewhere() throws Exception {
        SignedIn owner = signUp("Three Nodes Owner");
        UUID workspace = createWorkspace(owner, "Three nodes");
        String sessions = "/api/workspaces/" + workspace + "/agents/" + slowAgent(owner, workspace) + "/sessions";
        String key = createApiKey(owner, workspace, "read", "write");

        try (ConfigurableApplicationContext second = Nodes.another(database);
             CustosProcess third = CustosProcess.join(database, Path.of("target/three-nodes/third"),
                     CustosProcess.freePort())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                cluster.refresh();
                return cluster.nodes() == 3;
            });
            var started = ApiClient.withApiKey(third.port(), key).post(sessions,
                    Map.of("message", MESSAGE));
            assertThat(started.status()).as(started.body()).isEqualTo(201);
            UUID session = UUID.fromString(started.text("id"));
            await().until(() -> asOwner().sql("SELECT count(*) FROM session_events WHERE session_id = :s "
                    + "AND kind = 'text_delta'").param("s", session).query(Long.class).single() > 0);

            third.killJvmOnly();

            String base = sessions + "/" + session;
            // Polled gently: with three nodes each allows a third of the person's rate limit.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    owner.client().get(base).json().path("session").path("status").asString().equals("idle"));
            List<JsonNode> events = owner.client().get(base).json().path("events").valueStream().toList();
            assertThat(events).extracting(event -> event.path("kind").asString())
                    .containsExactly("user_message", "run_started", "assistant_message", "run_completed");
            assertThat(events.get(2).path("content").path("text").asString())
                    .isEqualTo("You said: " + MESSAGE);
            var replay = owner.client().stream(base + "/events", null, "Last-Event-ID", "0");
            assertThat(replay.status()).as(replay.body()).isEqualTo(200);
            List<ApiClient.Event> replayed = ApiClient.events(replay.body());
            assertThat(replayed).extracting(ApiClient.Event::name).as("taken over, not finished before the kill")
                    .contains("step_restarted");
            assertThat(asOwner().sql("SELECT count(*) FROM usage_records WHERE session_id = :s")
                    .param("s", session).query(Long.class).single()).as("metered once").isEqualTo(1);
            assertThat(ApiClient.withApiKey(Nodes.port(second), key).get(base).json().path("events").size())
                    .as("every node reads the same session").isEqualTo(4);

            await().atMost(Duration.ofSeconds(30)).until(() -> {
                cluster.refresh();
                return cluster.nodes() == 2;
            });
        }
    }
}
