package dev.custos.identity.factors;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import dev.custos.identity.Actor;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/me/second-factor}: status, enrolment (QR code and secret), confirmation with a first code (which
 * returns the backup codes, once), new backup codes, and removal. Signed in only, never with an API key.
 */
@RestController
@RequestMapping("/api/me/second-factor")
class SecondFactorController {

    private final SecondFactors factors;

    SecondFactorController(SecondFactors factors) {
        this.factors = factors;
    }

    record Password(@NotBlank @Size(max = 1024) String password) {
        @Override
        public String toString() {
            return "Password[redacted]";
        }
    }

    record Code(@NotBlank @Size(max = 64) String code) {
        @Override
        public String toString() {
            return "Code[redacted]";
        }
    }

    record Removal(@NotBlank @Size(max = 1024) String password, @NotBlank @Size(max = 64) String code) {
        @Override
        public String toString() {
            return "Removal[redacted]";
        }
    }

    @GetMapping
    SecondFactors.Status status(Actor actor) {
        return factors.status(actor.requireSignedIn("Managing a second factor").person());
    }

    @PostMapping("/enrolment")
    @ResponseStatus(HttpStatus.CREATED)
    SecondFactors.Enrolment enrol(Actor actor, @Valid @RequestBody Password request) {
        return factors.enrol(actor.requireSignedIn("Managing a second factor").person(), request.password());
    }

    @PostMapping("/confirmation")
    Map<String, List<String>> confirm(Actor actor, @Valid @RequestBody Code request) {
        return Map.of("backupCodes", factors.confirm(actor.requireSignedIn("Managing a second factor").person(),
                request.code()));
    }

    @PostMapping("/backup-codes")
    Map<String, List<String>> backupCodes(Actor actor, @Valid @RequestBody Password request) {
        return Map.of("backupCodes", factors.regenerateBackupCodes(
                actor.requireSignedIn("Managing a second factor").person(), request.password()));
    }

    @PostMapping("/removal")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(Actor actor, @Valid @RequestBody Removal request) {
        factors.remove(actor.requireSignedIn("Managing a second factor").person(), request.password(),
                request.code());
    }
}
