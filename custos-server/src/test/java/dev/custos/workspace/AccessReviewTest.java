package dev.custos.workspace;

import java.util.Map;
import java.util.UUID;

import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Who has access to what in a workspace, and recorded reviews of it. */
class AccessReviewTest extends CustosIntegrationTest {

    @Test
    @Tag("SC-05")
    @DisplayName("owners and admins list who has access to what (roles with their permissions, second factors, "
            + "keys with their scopes, open invitations) and record reviews; members and other workspaces cannot")
    void whoHasAccessToWhat() {
        SignedIn owner = signUp("Review Owner");
        UUID workspace = createWorkspace(owner, "Reviewed");
        SignedIn admin = addMember(owner, workspace, "admin", "Review Admin");
        SignedIn viewer = addMember(owner, workspace, "viewer", "Review Viewer");
        createApiKey(viewer, workspace, "read");
        owner.client().post("/api/workspaces/" + workspace + "/invites", Map.of("role", "member"));
        String base = "/api/workspaces/" + workspace;

        var access = admin.client().get(base + "/access");
        assertThat(access.status()).as(access.body()).isEqualTo(200);
        var members = access.json().path("members");
        assertThat(members.size()).isEqualTo(3);
        var viewerEntry = members.valueStream()
                .filter(m -> m.path("personId").asString().equals(viewer.personId().toString())).findFirst()
                .orElseThrow();
        assertThat(viewerEntry.path("role").asString()).isEqualTo("viewer");
        assertThat(viewerEntry.path("permissions").toString()).isEqualTo("[\"read\"]");
        assertThat(viewerEntry.path("secondFactor").asBoolean()).isFalse();
        var key = access.json().path("apiKeys").get(0);
        assertThat(key.path("holder").asString()).isEqualTo(viewer.personId().toString());
        assertThat(key.path("scopes").toString()).isEqualTo("[\"read\"]");
        assertThat(key.path("prefix").asString()).isNotBlank();
        assertThat(key.has("token")).isFalse();
        assertThat(access.json().path("invites").size()).isEqualTo(1);
        assertThat(access.json().has("lastReview")).isFalse();

        var review = admin.client().post(base + "/access-reviews", Map.of("note", "Quarterly review: all needed."));
        assertThat(review.status()).as(review.body()).isEqualTo(201);
        assertThat(review.json().path("members").asInt()).isEqualTo(3);
        assertThat(review.json().path("apiKeys").asInt()).isEqualTo(1);
        assertThat(owner.client().get(base + "/access").json().path("lastReview").path("id").asString())
                .isEqualTo(review.text("id"));
        assertThat(owner.client().get(base + "/access-reviews").json().size()).isEqualTo(1);
        assertThat(asOwner().sql("SELECT count(*) FROM audit_log WHERE workspace_id = :w AND action = 'access.reviewed'")
                .param("w", workspace).query(Long.class).single()).isEqualTo(1);

        assertThat(viewer.client().get(base + "/access").status()).isEqualTo(403);
        assertThat(viewer.client().post(base + "/access-reviews", Map.of("note", "x")).status()).isEqualTo(403);
        SignedIn stranger = signUp("Review Stranger");
        assertThat(stranger.client().get(base + "/access").status()).isEqualTo(404);
        assertThat(stranger.client().get(base + "/access-reviews").status()).isEqualTo(404);
        assertThat(stranger.client().post(base + "/access-reviews", Map.of("note", "x")).status()).isEqualTo(404);
    }
}
