package dev.custos.privacy.consent;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import dev.custos.identity.Actor;
import dev.custos.privacy.Objections;
import dev.custos.privacy.requests.Jurisdiction;
import dev.custos.privacy.requests.PrivacyRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/privacy/objections} objects (product analytics stops at once; an automated decision goes to a
 * person for review), {@code GET} lists mine, {@code DELETE /api/privacy/objections/{purpose}} withdraws one.
 */
@RestController
class ObjectionController {

    private final Objections objections;

    ObjectionController(Objections objections) {
        this.objections = objections;
    }

    record NewObjection(@NotBlank @Size(max = 40) String purpose, @Nullable Jurisdiction jurisdiction,
                        @Nullable @Size(max = 4000) String decision) {
    }

    @PostMapping("/api/privacy/objections")
    @ResponseStatus(HttpStatus.CREATED)
    PrivacyRequest object(Actor actor, @Valid @RequestBody NewObjection objection) {
        return objections.object(actor, objection.purpose(),
                objection.jurisdiction() == null ? Jurisdiction.GDPR : objection.jurisdiction(), objection.decision());
    }

    @GetMapping("/api/privacy/objections")
    List<Objections.Objection> mine(Actor actor) {
        return objections.mine(actor);
    }

    @DeleteMapping("/api/privacy/objections/{purpose}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void withdraw(Actor actor, @PathVariable String purpose) {
        objections.withdraw(actor, purpose);
    }
}
