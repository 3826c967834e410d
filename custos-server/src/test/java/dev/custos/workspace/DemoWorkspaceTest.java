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
}
