package dev.custos.agent;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AgentPagesTest extends CustosIntegrationTest {

    @Test
    @Tag("AI-06")
    @DisplayName("a person starts a run on the page, sees the tool call waiting and approves it there")
    void approveOnThePage() {
        SignedIn owner = signUp("Page Approver");
        UUID workspace = createWorkspace(owner, "Paged agents");
        var created = owner.client().post("/api/workspaces/" + workspace + "/agents", Map.of("name", "Counter",
                "instructions", "Count.", "model", "offline/scripted-demo", "tools", List.of("calculator"),
                "approvalTools", List.of("calculator")));
        UUID agent = UUID.fromString(created.text("id"));

        var started = owner.client().postForm("/workspaces/" + workspace + "/agents/" + agent + "/sessions",
                Map.of("message", "please calculate"));
        assertThat(started.status()).isEqualTo(302);
        String page = started.headers().firstValue("Location").orElseThrow().replaceFirst("^https?://[^/]+", "");
        await().until(() -> owner.client().get(page).body().contains("Approval needed"));
        String body = owner.client().get(page).body();
        assertThat(body).contains("calculator", "6*7", "Approve", "Reject");
        String callId = body.replaceAll("(?s).*/approvals/([^\"]+)\".*", "$1");

        var decided = owner.client().postForm(page + "/approvals/" + callId,
                Map.of("decision", "approve"));
        assertThat(decided.status()).as(decided.body()).isEqualTo(302);
        await().until(() -> owner.client().get(page).body().contains("The result is 42."));
        assertThat(owner.client().get(page).body()).doesNotContain("Approval needed").contains("Approved");
        assertThat(owner.client().get("/workspaces/" + workspace + "/agents").body()).contains("Counter");
        assertThat(owner.client().get("/workspaces/" + workspace + "/sessions").body()).contains("please calculate",
                "ready");
    }

    @Test
    @Tag("TN-01")
    @DisplayName("agent pages are 404 to anyone outside the workspace")
    void pagesAreForMembersOnly() {
        SignedIn owner = signUp("Page Agent Owner");
        UUID workspace = createWorkspace(owner, "Private agents");
        SignedIn stranger = signUp("Page Stranger");
        assertThat(stranger.client().get("/workspaces/" + workspace + "/agents").status()).isEqualTo(404);
        var refused = stranger.client().postForm("/workspaces/" + workspace + "/agents/" + UUID.randomUUID()
                + "/sessions", Map.of("message", "hi"));
        assertThat(refused.status()).isEqualTo(404);
    }
}
