package dev.custos.workspace;

import java.util.Map;
import java.util.UUID;

import dev.custos.support.ApiClient;
import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("ID-03")
class InviteTest extends CustosIntegrationTest {

    @Test
    @DisplayName("a person with an account accepts an invite once; the role is the invite's")
    void existingPersonAcceptsOnce() {
        SignedIn owner = signUp("Inviting Owner");
        SignedIn existing = signUp("Existing");
        UUID workspace = createWorkspace(owner, "Joinable");
        String code = owner.client().post("/api/workspaces/" + workspace + "/invites", Map.of("role", "viewer"))
                .text("code");

        var joined = existing.client().post("/api/invites/accept", Map.of("code", code));
        assertThat(joined.status()).as(joined.body()).isEqualTo(200);
        assertThat(joined.text("yourRole")).isEqualTo("viewer");
        assertThat(existing.client().post("/api/invites/accept", Map.of("code", code)).problemType())
                .isEqualTo("/problems/invitation-used");
        assertThat(owner.client().get("/api/workspaces/" + workspace + "/invites").json().get(0)
                .get("status").asString()).isEqualTo("accepted");
    }

    @Test
    @DisplayName("a revoked invite cannot be used, nobody is invited as owner, and keys cannot accept invites")
    void revokedAndRefused() {
        SignedIn owner = signUp("Revoking Owner");
        SignedIn other = signUp("Other");
        UUID workspace = createWorkspace(owner, "Revoked");
        var invite = owner.client().post("/api/workspaces/" + workspace + "/invites", Map.of("role", "member"));
        owner.client().delete("/api/workspaces/" + workspace + "/invites/" + invite.text("inviteId"));
        var refused = other.client().post("/api/invites/accept", Map.of("code", invite.text("code")));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.problemType()).isEqualTo("/problems/invitation-revoked");
        assertThat(other.client().get("/api/workspaces/" + workspace).status()).isEqualTo(404);

        assertThat(owner.client().post("/api/workspaces/" + workspace + "/invites", Map.of("role", "owner"))
                .status()).isEqualTo(400);
        String fresh = owner.client().post("/api/workspaces/" + workspace + "/invites", Map.of("role", "member"))
                .text("code");
        UUID othersWorkspace = createWorkspace(other, "Mine");
        var viaKey = ApiClient.withApiKey(port, createApiKey(other, othersWorkspace, "read", "write", "admin"))
                .post("/api/invites/accept", Map.of("code", fresh));
        assertThat(viaKey.status()).isEqualTo(403);
    }

    @Test
    @DisplayName("a signed-in person opening an invitation link is offered to join, not to sign up again")
    void invitationLinkForSignedInPerson() {
        SignedIn owner = signUp("Link Owner");
        SignedIn existing = signUp("Link Follower");
        UUID workspace = createWorkspace(owner, "Linked");
        String code = owner.client().post("/api/workspaces/" + workspace + "/invites", Map.of("role", "member"))
                .text("code");
        var opened = existing.client().get("/signup?code=" + code);
        assertThat(opened.status()).isEqualTo(302);
        assertThat(opened.headers().firstValue("Location").orElseThrow()).contains("/invites?code=" + code);
        var joined = existing.client().postForm("/invites/accept", Map.of("code", code));
        assertThat(joined.status()).isEqualTo(302);
        assertThat(joined.headers().firstValue("Location").orElseThrow()).endsWith("/workspaces/" + workspace);
    }
}
