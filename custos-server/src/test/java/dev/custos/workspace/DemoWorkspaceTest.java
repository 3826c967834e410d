package dev.custos.workspace;

import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DemoWorkspaceTest extends CustosIntegrationTest {

    @Test
    @DisplayName("the first account (bootstrap invitation) gets a demo workspace it owns; invited accounts do not")
    void firstAccountGetsADemoWorkspace() {
        SignedIn first = signUpAsInstallationAdmin("First Admin");
        var workspaces = first.client().get("/api/workspaces").json();
        assertThat(workspaces.size()).isEqualTo(1);
        assertThat(workspaces.get(0).get("name").asString()).isEqualTo(DemoWorkspace.NAME);
        assertThat(workspaces.get(0).get("yourRole").asString()).isEqualTo("owner");

        var later = addMember(first, java.util.UUID.fromString(workspaces.get(0).get("id").asString()), "member",
                "Later Member");
        assertThat(later.client().get("/api/workspaces").json().size()).isEqualTo(1); // only the one invited to
        assertThat(signUp("Installation Invitee").client().get("/api/workspaces").json().size()).isZero();
        assertThat(later.client().get("/api/workspaces").json().get(0).get("yourRole").asString()).isEqualTo("member");
    }

    @Test
    @DisplayName("the demo workspace's assistant looks things up in the demo handbook and runs code, offline")
    void theDemoAssistantUsesKnowledgeAndCode() {
        SignedIn first = signUpAsInstallationAdmin("Demo Explorer");
        java.util.UUID workspace = java.util.UUID.fromString(first.client().get("/api/workspaces").json().get(0)
                .get("id").asString());
        String base = "/api/workspaces/" + workspace + "/knowledge-bases";
        var handbook = first.client().get(base).json().get(0);
        assertThat(handbook.path("name").asString()).isEqualTo("Custos handbook");
        org.awaitility.Awaitility.await().until(() -> first.client().get(base + "/" + handbook.path("id").asString()
                + "/documents").json().get(0).path("status").asString().equals("ready"));
        String agent = first.client().get("/api/workspaces/" + workspace + "/agents").json().get(0).path("id")
                .asString();

        assertThat(toolResults(first, runSession(first, workspace, agent, "look it up in the handbook")))
                .singleElement().asString().startsWith("[1] handbook.md").contains("AES-256-GCM");
        assertThat(toolResults(first, runSession(first, workspace, agent, "run some code")))
                .containsExactly("2 3 5 7 11 13 17 19 23 29 31 37 41 43 47");
    }

    private static java.util.List<String> toolResults(SignedIn person, String session) {
        return person.client().get(session).json().path("events").valueStream()
                .filter(event -> event.path("kind").asString().equals("tool_result"))
                .map(event -> event.path("content").path("text").asString()).toList();
    }
}
