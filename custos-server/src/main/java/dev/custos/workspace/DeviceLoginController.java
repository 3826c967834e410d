package dev.custos.workspace;

import java.util.Set;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import dev.custos.identity.Actor;
import dev.custos.platform.WorkspaceId;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Signing a terminal in from the browser: the terminal starts and polls (no account needed, the codes are the
 * capability); the signed-in person approves or denies, here or on the {@code /device} page.
 */
@RestController
class DeviceLoginController {

    private final DeviceLogins logins;

    DeviceLoginController(DeviceLogins logins) {
        this.logins = logins;
    }

    record Start(@Nullable @Size(max = 60) String clientName) {
    }

    record Poll(@NotBlank @Size(max = 100) String deviceCode) {
        @Override
        public String toString() {
            return "Poll[redacted]";
        }
    }

    record Approval(@NotBlank @Size(max = 20) String userCode, @NotNull UUID workspaceId,
                    @NotEmpty Set<String> scopes) {
    }

    record Denial(@NotBlank @Size(max = 20) String userCode) {
    }

    @PostMapping("/api/auth/device")
    DeviceLogins.Started start(@Valid @RequestBody(required = false) @Nullable Start request) {
        return logins.start(request == null ? null : request.clientName());
    }

    @PostMapping("/api/auth/device/token")
    DeviceLogins.Delivered poll(@Valid @RequestBody Poll request) {
        return logins.poll(request.deviceCode());
    }

    @PostMapping("/api/me/device-logins/approval")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void approve(Actor actor, @Valid @RequestBody Approval request) {
        logins.approve(actor, request.userCode(), new WorkspaceId(request.workspaceId()), request.scopes());
    }

    @PostMapping("/api/me/device-logins/denial")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deny(Actor actor, @Valid @RequestBody Denial request) {
        logins.deny(actor, request.userCode());
    }
}
