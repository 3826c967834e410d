package dev.custos.agent;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.custos.platform.ChangeNotices;
import dev.custos.platform.database.DatabaseServer;
import dev.custos.support.ApiClient;
import dev.custos.support.FakeProviderTest;
import dev.custos.support.Nodes;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A session run by one node and followed on another, as behind a load balancer without sticky sessions: the
 * follower's node hears of each event by {@code LISTEN/NOTIFY} and streams it at once, though it would otherwise
 * look only once an hour.
 */
class FollowOnAnotherNodeTest extends FakeProviderTest {

    @Autowired
    private DatabaseServer database;

    @Test
    @DisplayName("a run on this node, followed on another that would poll only hourly, reaches the follower event "
            + "by event, through to its end")
    void eventsReachAFollowerOnAnotherNode() throws Exception {
        SignedIn owner = signUp("Followed Elsewhere");
        UUID workspace = createWorkspace(owner, "Two nodes");
        String agent = slowAgent(owner, workspace);
        String key = createApiKey(owner, workspace, "read", "write");

        try (ConfigurableApplicationContext other = Nodes.another(database, "custos.agents.follow-poll", "1h")) {
            await().until(() -> other.getBean(ChangeNotices.class).listening());
            ApiClient there = ApiClient.withApiKey(Nodes.port(other), key);

            String sessions = "/api/workspaces/" + workspace + "/agents/" + agent + "/sessions";
            var started = owner.client().post(sessions, Map.of("message",
                    "a long answer please, with many many words in it, word after word after word"));
            assertThat(started.status()).as(started.body()).isEqualTo(201);
            String base = sessions + "/" + started.text("id");
            var followed = CompletableFuture.supplyAsync(() -> there.stream(base + "/events", null));
            await().until(() -> owner.client().get(base).json().path("session").path("status").asString()
                    .equals("idle"));
            var stream = followed.get(30, TimeUnit.SECONDS); // an hourly poll would not end it in time
            List<String> kinds = ApiClient.events(stream.body()).stream().map(ApiClient.Event::name).toList();
            assertThat(kinds).contains("run_started", "text_delta", "assistant_message").endsWith("run_completed");
            assertThat(Duration.ofHours(1)).isEqualTo(other.getBean(AgentProperties.class).followPoll());
        }
    }
}
