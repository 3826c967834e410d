package dev.custos.privacy.governance;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import dev.custos.identity.Actor;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The breach register, for installation administrators. */
@RestController
class BreachController {

    private final Breaches breaches;

    BreachController(Breaches breaches) {
        this.breaches = breaches;
    }

    record NewBreach(@NotNull Instant detectedAt, @NotBlank @Size(max = 5000) String description,
                     @Nullable List<String> categories, @NotNull Boolean highRisk, @Nullable List<UUID> affected) {
    }

    record PeopleNotice(@NotBlank @Size(max = 5000) String message) {
    }

    @GetMapping("/api/admin/breaches")
    List<Breaches.Breach> list(Actor actor) {
        return breaches.list(actor);
    }

    @PostMapping("/api/admin/breaches")
    @ResponseStatus(HttpStatus.CREATED)
    Breaches.Breach record(Actor actor, @Valid @RequestBody NewBreach breach) {
        return breaches.record(actor, breach.detectedAt(), breach.description(),
                breach.categories() == null ? List.of() : breach.categories(), breach.highRisk(),
                breach.affected() == null ? List.of() : breach.affected());
    }

    @PostMapping("/api/admin/breaches/{breachId}/authority-notified")
    Breaches.Breach authorityNotified(Actor actor, @PathVariable UUID breachId) {
        return breaches.authorityNotified(actor, breachId);
    }

    @PostMapping("/api/admin/breaches/{breachId}/notify-people")
    Breaches.Breach notifyPeople(Actor actor, @PathVariable UUID breachId, @Valid @RequestBody PeopleNotice notice) {
        return breaches.notifyPeople(actor, breachId, notice.message());
    }
}
