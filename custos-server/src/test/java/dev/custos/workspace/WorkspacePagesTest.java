package dev.custos.workspace;

import java.util.UUID;

import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WorkspacePagesTest extends CustosIntegrationTest {

    @Test
    @DisplayName("the workspace page lists members and keys to a member, and is 404 to anyone else")
    @Tag("TN-01")
    void workspacePageIsForMembersOnly() {
        SignedIn owner = signUp("Page Owner");
        SignedIn stranger = signUp("Stranger");
        UUID workspace = createWorkspace(owner, "Paged");
        createApiKey(owner, workspace, "read");

        var page = owner.client().get("/workspaces/" + workspace);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Paged", "Recent sessions");
        assertThat(owner.client().get("/workspaces/" + workspace + "/members").body()).contains("Page Owner");
        assertThat(owner.client().get("/workspaces/" + workspace + "/api-keys").body()).contains("test key");

        for (String section : java.util.List.of("", "/members", "/api-keys", "/agents", "/sessions", "/usage",
                "/providers", "/tools", "/audit", "/settings")) {
            var refused = stranger.client().get("/workspaces/" + workspace + section);
            assertThat(refused.status()).as(section).isEqualTo(404);
            assertThat(refused.body()).as(section).doesNotContain("Paged", "Page Owner");
        }
        assertThat(stranger.client().get("/").body()).doesNotContain("Paged");

        // Forms of another workspace's pages change nothing in it: the workspace is not found.
        var forms = java.util.Map.of(
                "/agents", java.util.Map.of("name", "Intruder", "model", "offline/scripted-demo"),
                "/api-keys", java.util.Map.of("name", "stolen", "scopes", "read"),
                "/invites", java.util.Map.of("role", "admin"),
                "/tools/hosts", java.util.Map.of("hosts", "evil.example"),
                "/model-settings", java.util.Map.of("redaction", "true"),
                "/settings/name", java.util.Map.of("name", "pwned"));
        forms.forEach((path, fields) -> assertThat(stranger.client().postForm("/workspaces/" + workspace + path,
                fields).status()).as(path).isEqualTo(404));
        assertThat(owner.client().get("/workspaces/" + workspace + "/settings").body()).contains("Paged")
                .doesNotContain("pwned");
        assertThat(owner.client().get("/api/workspaces/" + workspace + "/agents").json().size()).isZero();
    }

    @Test
    @DisplayName("signed-out visitors are sent to the sign-in page")
    void signedOutRedirects() {
        var response = anonymous().get("/");
        assertThat(response.status()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location").orElseThrow()).endsWith("/signin");
    }
}
