package dev.custos.identity;

import java.util.Map;
import java.util.UUID;

import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class SecretsNeverLoggedTest extends CustosIntegrationTest {

    @Test
    @Tag("ID-02")
    @Tag("ID-09")
    @DisplayName("passwords, invitation codes and API keys never reach the log, even when requests fail")
    void nothingSecretInTheLog(CapturedOutput output) {
        String wrongPassword = "wrong-" + UUID.randomUUID();
        SignedIn person = signUp("Logged");
        UUID workspace = createWorkspace(person, "Logs");
        String token = createApiKey(person, workspace, "read");
        String inviteCode = person.client().post("/api/workspaces/" + workspace + "/invites",
                Map.of("role", "member")).text("code");
        anonymous().post("/api/auth/sign-in", Map.of("email", person.email(), "password", wrongPassword));
        person.client().put("/api/me/password", Map.of("currentPassword", wrongPassword, "newPassword", "x"));
        person.client().put("/api/me/password", Map.of("currentPassword", PASSWORD, "newPassword", "short"));
        anonymous().post("/api/auth/sign-up", Map.of("code", inviteCode, "email", person.email(),
                "password", PASSWORD, "name", "Dup", "ageConfirmed", true));

        // The capture sees the application's log (so the check below can fail), and the log holds no secret.
        org.slf4j.LoggerFactory.getLogger(Accounts.class).warn("log-capture-check");
        assertThat(output.getAll()).contains("log-capture-check");
        assertThat(output.getAll()).doesNotContain(PASSWORD, wrongPassword, token, inviteCode, person.email());
    }
}
