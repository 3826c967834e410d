package dev.custos.privacy.governance;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import dev.custos.identity.Actor;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Published versions of the privacy policy, and each person's acceptance. */
@RestController
class PolicyController {

    private final PolicyVersions versions;

    PolicyController(PolicyVersions versions) {
        this.versions = versions;
    }

    record Publication(@NotNull Boolean material, @NotBlank @Size(max = 2000) String summary) {
    }

    record Acceptance(@NotBlank @Size(max = 64) String version) {
    }

    @GetMapping("/api/privacy/policy")
    PolicyVersions.Standing standing(Actor actor) {
        return versions.standing(actor);
    }

    @GetMapping("/api/privacy/policy/versions")
    List<PolicyVersions.Version> history(Actor actor) {
        return versions.history();
    }

    @PostMapping("/api/privacy/policy/acceptance")
    PolicyVersions.Standing accept(Actor actor, @Valid @RequestBody Acceptance acceptance) {
        return versions.accept(actor, acceptance.version());
    }

    @PostMapping("/api/admin/privacy/policy/versions")
    @ResponseStatus(HttpStatus.CREATED)
    PolicyVersions.Version publish(Actor actor, @Valid @RequestBody Publication publication) {
        return versions.publish(actor, publication.material(), publication.summary());
    }
}
