package dev.custos.workspace;

import java.util.Map;
import java.util.UUID;

import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("ID-10")
class RolesTest extends CustosIntegrationTest {

    @Test
    @DisplayName("owner, admin, member and viewer each can do what their role allows, and no more")
    void rolesGateActions() {
        SignedIn owner = signUp("Owner");
        UUID ws = createWorkspace(owner, "Roles");
        SignedIn admin = addMember(owner, ws, "admin", "Admin");
        SignedIn member = addMember(owner, ws, "member", "Member");
        SignedIn viewer = addMember(owner, ws, "viewer", "Viewer");
        String base = "/api/workspaces/" + ws;

        // Everyone reads the workspace and its members; only managers see emails.
        assertThat(viewer.client().get(base + "/members").status()).isEqualTo(200);
        assertThat(viewer.client().get(base + "/members").body()).doesNotContain(owner.email());
        assertThat(admin.client().get(base + "/members").body()).contains(viewer.email());

        // Changing things (an agent, say): members and up; viewers only look.
        Map<String, Object> agent = Map.of("name", "Helper", "instructions", "Help.", "model",
                "offline/scripted-demo");
        assertThat(viewer.client().post(base + "/agents", agent).status()).isEqualTo(403);
        assertThat(member.client().post(base + "/agents", agent).status()).isEqualTo(201);

        // Inviting and changing roles: admins and owners only.
        assertThat(viewer.client().post(base + "/invites", Map.of("role", "member")).status()).isEqualTo(403);
        assertThat(member.client().post(base + "/invites", Map.of("role", "member")).status()).isEqualTo(403);
        assertThat(admin.client().post(base + "/invites", Map.of("role", "member")).status()).isEqualTo(201);
        assertThat(member.client().put(base + "/members/" + viewer.personId(), Map.of("role", "admin")).status())
                .isEqualTo(403);
        assertThat(admin.client().put(base + "/members/" + viewer.personId(), Map.of("role", "member")).status())
                .isEqualTo(204);

        // Renaming: admins yes, members no. Nobody but the owner transfers or touches the owner.
        assertThat(member.client().patch(base, Map.of("name", "Nope")).status()).isEqualTo(403);
        assertThat(admin.client().patch(base, Map.of("name", "Renamed")).status()).isEqualTo(200);
        assertThat(admin.client().put(base + "/members/" + owner.personId(), Map.of("role", "member")).status())
                .isEqualTo(403);
        assertThat(admin.client().delete(base + "/members/" + owner.personId()).status()).isEqualTo(403);
        assertThat(admin.client().post(base + "/transfer", Map.of("personId", admin.personId())).status())
                .isEqualTo(403);
        assertThat(admin.client().get("/api/audit?workspaceId=" + ws).status()).isEqualTo(200);
        assertThat(member.client().get("/api/audit?workspaceId=" + ws).status()).isEqualTo(403);
    }

    @Test
    @DisplayName("ownership moves by transfer; the owner cannot leave before; others can leave")
    void transferAndLeave() {
        SignedIn owner = signUp("First Owner");
        UUID ws = createWorkspace(owner, "Transfer");
        SignedIn next = addMember(owner, ws, "member", "Next Owner");
        String base = "/api/workspaces/" + ws;

        assertThat(owner.client().delete(base + "/members/me").status()).isEqualTo(409);
        assertThat(owner.client().post(base + "/transfer", Map.of("personId", next.personId())).status())
                .isEqualTo(204);
        assertThat(next.client().get(base).text("yourRole")).isEqualTo("owner");
        assertThat(owner.client().get(base).text("yourRole")).isEqualTo("admin");
        assertThat(owner.client().delete(base + "/members/me").status()).isEqualTo(204);
        assertThat(owner.client().get(base).status()).isEqualTo(404);
    }
}
