package dev.custos.workspace;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.support.ApiClient;
import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Signing a terminal in from the browser: codes, one delivery, and only what the approver may grant. */
@Tag("UX-02")
class DeviceLoginTest extends CustosIntegrationTest {

    private ApiClient.Response start(ApiClient terminal) {
        var started = terminal.post("/api/auth/device", Map.of("clientName", "Test terminal"));
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        return started;
    }

    @Test
    @DisplayName("approved in the browser, the terminal's next poll gets a key for that workspace, once")
    void approvedOnce() {
        SignedIn owner = signUp("Device Owner");
        UUID workspace = createWorkspace(owner, "Devices");
        ApiClient terminal = anonymous();
        var started = start(terminal);
        String deviceCode = started.text("deviceCode");
        String userCode = started.text("userCode");
        assertThat(userCode).matches("[A-Z]{4}-[A-Z]{4}");
        assertThat(started.text("verificationUriComplete")).endsWith("/device?code=" + userCode);

        assertThat(terminal.post("/api/auth/device/token", Map.of("deviceCode", deviceCode)).problemType())
                .isEqualTo("/problems/authorization-pending");
        assertThat(terminal.post("/api/auth/device/token", Map.of("deviceCode", deviceCode)).problemType())
                .as("polling faster than the interval").isEqualTo("/problems/slow-down");
        assertThat(owner.client().get("/device?code=" + userCode.toLowerCase(), "Accept", "text/html").body())
                .contains("Test terminal");
        var approved = owner.client().post("/api/me/device-logins/approval", Map.of("userCode",
                userCode.toLowerCase().replace("-", " "), "workspaceId", workspace, "scopes", List.of("read")));
        assertThat(approved.status()).as(approved.body()).isEqualTo(204);

        asOwner().sql("UPDATE device_logins SET last_polled_at = now() - interval '1 minute'").update();
        var delivered = terminal.post("/api/auth/device/token", Map.of("deviceCode", deviceCode));
        assertThat(delivered.status()).as(delivered.body()).isEqualTo(200);
        assertThat(delivered.text("workspaceId")).isEqualTo(workspace.toString());
        String key = delivered.text("token");
        assertThat(ApiClient.withApiKey(port, key).get("/api/workspaces/" + workspace).status()).isEqualTo(200);
        assertThat(ApiClient.withApiKey(port, key).post("/api/workspaces/" + workspace + "/agents", Map.of("name", "X",
                "instructions", "", "model", "offline/scripted-demo")).status()).as("only the read scope")
                .isEqualTo(403);
        assertThat(terminal.post("/api/auth/device/token", Map.of("deviceCode", deviceCode)).problemType())
                .as("delivered once").isEqualTo("/problems/expired-token");
        assertThat(dumpOfTheMainDatabase()).doesNotContain(deviceCode).doesNotContain(key);
    }

    @Test
    @DisplayName("a denied or unknown code gets no key; nobody approves into a workspace they are not in, or beyond "
            + "their role")
    void refusals() {
        SignedIn owner = signUp("Device Other Owner");
        UUID theirs = createWorkspace(owner, "Theirs");
        SignedIn viewer = addMember(owner, theirs, "viewer", "Device Viewer");
        SignedIn stranger = signUp("Device Stranger");

        ApiClient terminal = anonymous();
        var started = start(terminal);
        String userCode = started.text("userCode");
        assertThat(stranger.client().post("/api/me/device-logins/approval", Map.of("userCode", userCode,
                "workspaceId", theirs, "scopes", List.of("read"))).status()).as("not a member: not found").isEqualTo(404);
        assertThat(viewer.client().post("/api/me/device-logins/approval", Map.of("userCode", userCode,
                "workspaceId", theirs, "scopes", List.of("write"))).status()).as("a viewer cannot grant write")
                .isEqualTo(403);
        assertThat(owner.client().post("/api/me/device-logins/approval", Map.of("userCode", "BBBB-CCCC",
                "workspaceId", theirs, "scopes", List.of("read"))).problemType()).isEqualTo("/problems/unknown-device-code");
        String key = createApiKey(owner, theirs, "read");
        assertThat(ApiClient.withApiKey(port, key).post("/api/me/device-logins/approval", Map.of("userCode", userCode,
                "workspaceId", theirs, "scopes", List.of("read"))).status()).as("a key cannot approve").isEqualTo(403);

        assertThat(owner.client().post("/api/me/device-logins/denial", Map.of("userCode", userCode)).status())
                .isEqualTo(204);
        asOwner().sql("UPDATE device_logins SET last_polled_at = NULL").update();
        assertThat(terminal.post("/api/auth/device/token", Map.of("deviceCode", started.text("deviceCode")))
                .problemType()).isEqualTo("/problems/access-denied");
        assertThat(terminal.post("/api/auth/device/token", Map.of("deviceCode", "made-up")).problemType())
                .isEqualTo("/problems/expired-token");
    }
}
