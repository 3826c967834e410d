package dev.custos.agent;

import java.util.Map;
import java.util.UUID;

import dev.custos.support.ApiClient;
import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Need-to-know: who reads a session a person ran in a workspace. */
class SessionVisibilityTest extends CustosIntegrationTest {

    @Test
    @Tag("AI-01")
    @Tag("SC-05")
    @DisplayName("a session is seen by the person who ran it and the workspace's owners and admins, not by other "
            + "members; shared on purpose, the workspace sees it; every reading by someone else is audited")
    void sessionsAreNeedToKnow() {
        SignedIn owner = signUp("Need Owner");
        UUID workspace = createWorkspace(owner, "Need to know");
        SignedIn admin = addMember(owner, workspace, "admin", "Need Admin");
        SignedIn runner = addMember(owner, workspace, "member", "Need Runner");
        SignedIn colleague = addMember(owner, workspace, "member", "Need Colleague");
        SignedIn viewer = addMember(owner, workspace, "viewer", "Need Viewer");
        String agent = createOfflineAgent(owner, workspace);
        String path = runSession(runner, workspace, agent, "my payslip question, PANGOLIN");
        String id = path.substring(path.lastIndexOf('/') + 1);
        String review = "/api/workspaces/" + workspace + "/sessions/" + id;
        String history = "/api/workspaces/" + workspace + "/sessions";

        assertThat(runner.client().get(review).body()).contains("PANGOLIN");
        for (SignedIn outsider : new SignedIn[] {colleague, viewer}) {
            assertThat(outsider.client().get(review).status()).isEqualTo(404);
            assertThat(outsider.client().get(path).status()).isEqualTo(404);
            assertThat(outsider.client().get(history).body()).doesNotContain(id);
            assertThat(outsider.client().get(history + "?q=pangolin").json().size()).isZero();
            assertThat(outsider.client().get("/workspaces/" + workspace + "/sessions/" + id).status()).isEqualTo(404);
        }
        assertThat(colleague.client().post(path + "/messages", Map.of("message", "hi")).status())
                .as("nor write into it").isEqualTo(404);
        assertThat(ApiClient.withApiKey(port, createApiKey(admin, workspace, "read")).get(review).status())
                .as("an admin's read-only key reads as need-to-know").isEqualTo(404);
        assertThat(ApiClient.withApiKey(port, createApiKey(runner, workspace, "read")).get(review).status())
                .isEqualTo(200);
        assertThat(owner.client().get(review).body()).contains("PANGOLIN");
        assertThat(admin.client().get(history).body()).contains(id);
        assertThat(owner.client().get("/api/audit?workspaceId=" + workspace).body())
                .as("the owner's and admin's readings are recorded").contains("session.read")
                .contains(runner.personId().toString());

        String sharing = history + "/" + id + "/sharing";
        assertThat(colleague.client().put(sharing, Map.of("shared", true)).status()).isEqualTo(404);
        var shared = runner.client().put(sharing, Map.of("shared", true));
        assertThat(shared.status()).as(shared.body()).isEqualTo(200);
        assertThat(shared.json().path("shared").asBoolean()).isTrue();
        assertThat(colleague.client().get(review).body()).as("shared on purpose").contains("PANGOLIN");
        assertThat(colleague.client().put(sharing, Map.of("shared", false)).status())
                .as("only its runner or a reviewer takes it back").isEqualTo(403);
        assertThat(owner.client().put(sharing, Map.of("shared", false)).status()).isEqualTo(200);
        assertThat(colleague.client().get(review).status()).isEqualTo(404);
        assertThat(owner.client().get("/api/audit?workspaceId=" + workspace).body()).contains("session.shared")
                .contains("session.unshared");
        assertThat(anonymous().get("/privacy").body()).contains("Need-to-know");
        SignedIn outsider = signUp("Need Outsider");
        UUID theirs = createWorkspace(outsider, "Outside");
        assertThat(outsider.client().put(sharing, Map.of("shared", true)).status()).isEqualTo(404);
        assertThat(outsider.client().put(sharing.replace(workspace.toString(), theirs.toString()),
                Map.of("shared", true)).status()).as("through their own workspace").isEqualTo(404);
    }
}
