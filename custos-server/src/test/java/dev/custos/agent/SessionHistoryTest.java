package dev.custos.agent;

import java.util.UUID;

import dev.custos.support.ApiClient;
import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The workspace's session history across agents: filters on what is clear, search in what is sealed. */
@Tag("AI-01")
class SessionHistoryTest extends CustosIntegrationTest {

    @Test
    @DisplayName("sessions are listed newest first with their first message as a title, filtered and searched")
    void historyFiltersAndSearch() {
        SignedIn owner = signUp("History Owner");
        UUID workspace = createWorkspace(owner, "History");
        String agent = createOfflineAgent(owner, workspace);
        runSession(owner, workspace, agent, "hello about the AARDVARK plan");
        String second = runSession(owner, workspace, agent, "hello about the BADGER plan");
        String base = "/api/workspaces/" + workspace + "/sessions";

        var all = owner.client().get(base);
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.json().size()).isEqualTo(2);
        assertThat(all.json().get(0).path("title").asString()).isEqualTo("hello about the BADGER plan");
        var found = owner.client().get(base + "?q=aardvark");
        assertThat(found.json().size()).isEqualTo(1);
        assertThat(found.json().get(0).path("title").asString()).contains("AARDVARK");
        assertThat(owner.client().get(base + "?status=running").json().size()).isZero();
        assertThat(owner.client().get(base + "?agent=" + UUID.randomUUID()).json().size()).isZero();
        assertThat(owner.client().get(base + "?status=sleeping").problemType()).isEqualTo("/problems/invalid-status");

        String sessionId = second.substring(second.lastIndexOf('/') + 1);
        var review = owner.client().get(base + "/" + sessionId);
        assertThat(review.status()).isEqualTo(200);
        assertThat(review.body()).contains("BADGER");
    }

    @Test
    @DisplayName("another workspace's member or key sees none of it")
    void crossWorkspace() {
        SignedIn owner = signUp("History Owner B");
        SignedIn other = signUp("History Outsider");
        UUID workspace = createWorkspace(owner, "Private history");
        UUID elsewhere = createWorkspace(other, "Elsewhere");
        String path = runSession(owner, workspace, createOfflineAgent(owner, workspace), "hello secret OCELOT");
        String sessionId = path.substring(path.lastIndexOf('/') + 1);

        assertThat(other.client().get("/api/workspaces/" + workspace + "/sessions").status()).isEqualTo(404);
        assertThat(other.client().get("/api/workspaces/" + elsewhere + "/sessions/" + sessionId).status())
                .isEqualTo(404);
        String key = createApiKey(other, elsewhere, "read");
        assertThat(ApiClient.withApiKey(port, key).get("/api/workspaces/" + workspace + "/sessions?q=ocelot").status())
                .isEqualTo(404);
        assertThat(other.client().get("/api/workspaces/" + elsewhere + "/sessions?q=ocelot").json().size()).isZero();
    }
}
