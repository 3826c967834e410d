package dev.custos.privacy.consent;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import dev.custos.identity.Actor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A person's consents: the current state, the history, a decision, and withdrawing everything at once. */
@RestController
class ConsentController {

    private final Consents consents;
    private final GlobalPrivacyControl gpc;

    ConsentController(Consents consents, GlobalPrivacyControl gpc) {
        this.consents = consents;
        this.gpc = gpc;
    }

    record DecisionRequest(@NotNull ConsentPurpose purpose, @NotNull Boolean given,
                           @NotBlank @Size(max = 50) String noticeVersion) {
    }

    @GetMapping("/api/privacy/consents")
    Map<String, Object> consents(Actor actor) {
        return Map.of("current", consents.current(actor.person()), "history", consents.history(actor.person()));
    }

    @PostMapping("/api/privacy/consents")
    Consents.State decide(Actor actor, @Valid @RequestBody DecisionRequest request) {
        Consents.State state = consents.decide(actor.person(), request.purpose(), request.given(),
                request.noticeVersion(), actor.viaApiKey() ? "api" : "settings");
        gpc.forget(actor.person());
        return state;
    }

    @PostMapping("/api/privacy/consents/withdraw-all")
    Map<String, List<ConsentPurpose>> withdrawAll(Actor actor) {
        return Map.of("withdrawn", consents.withdrawAll(actor.person()));
    }
}
