package dev.custos.privacy.governance;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import dev.custos.identity.Actor;
import dev.custos.privacy.SubProcessors;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The sub-processor registry: readable by anyone signed in, kept by installation administrators. */
@RestController
class SubProcessorController {

    private final SubProcessors subProcessors;

    SubProcessorController(SubProcessors subProcessors) {
        this.subProcessors = subProcessors;
    }

    record NewSubProcessor(@NotBlank @Size(max = 200) String name, @NotBlank @Size(max = 500) String purpose,
                           @NotBlank @Size(max = 100) String location,
                           @NotBlank @Size(max = 200) String transferSafeguard, @NotNull Boolean zeroRetention) {
    }

    @GetMapping("/api/privacy/sub-processors")
    List<SubProcessors.SubProcessor> list(Actor actor) {
        return subProcessors.list();
    }

    @PostMapping("/api/admin/sub-processors")
    @ResponseStatus(HttpStatus.CREATED)
    SubProcessors.SubProcessor add(Actor actor, @Valid @RequestBody NewSubProcessor request) {
        return subProcessors.add(actor, request.name(), request.purpose(), request.location(),
                request.transferSafeguard(), request.zeroRetention());
    }

    @DeleteMapping("/api/admin/sub-processors/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(Actor actor, @PathVariable UUID id) {
        subProcessors.remove(actor, id);
    }
}
