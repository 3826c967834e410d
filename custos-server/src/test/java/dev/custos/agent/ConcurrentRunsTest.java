package dev.custos.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.custos.support.ApiClient;
import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many runs at once in one workspace: starting a session (which counts the run and audits it) and a run's model
 * step (which meters tokens and audits the call) lock the workspace's month of usage and its audit chain in the same
 * order, so none of them deadlocks and every run ends as it should. (The cluster benchmark found them deadlocking.)
 */
class ConcurrentRunsTest extends CustosIntegrationTest {

    @Test
    @DisplayName("sixty sessions started by eight clients at once in one workspace all start and all complete")
    void concurrentRunsInOneWorkspace() throws Exception {
        SignedIn owner = signUp("Busy Owner");
        UUID workspace = createWorkspace(owner, "Busy");
        String agent = createOfflineAgent(owner, workspace);
        ApiClient api = ApiClient.withApiKey(port, createApiKey(owner, workspace, "read", "write"));
        String sessions = "/api/workspaces/" + workspace + "/agents/" + agent + "/sessions";
        List<Callable<Integer>> starts = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            starts.add(() -> api.post(sessions, Map.of("message", "What time is it?")).status());
        }
        List<Integer> statuses = new ArrayList<>();
        try (var clients = Executors.newFixedThreadPool(8)) {
            for (Future<Integer> started : clients.invokeAll(starts)) {
                statuses.add(started.get());
            }
        }
        assertThat(statuses).containsOnly(201);
        await().atMost(java.time.Duration.ofSeconds(60)).until(() -> asOwner().sql("""
                SELECT count(*) FROM agent_sessions WHERE workspace_id = :w AND status <> 'idle'""")
                .param("w", workspace).query(Long.class).single() == 0);
        assertThat(asOwner().sql("""
                SELECT count(*) FROM session_events WHERE workspace_id = :w AND kind = 'run_completed'""")
                .param("w", workspace).query(Long.class).single()).isEqualTo(60);
    }
}
