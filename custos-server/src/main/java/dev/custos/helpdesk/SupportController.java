package dev.custos.helpdesk;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.identity.Actor;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Support requests over REST: a person's own under {@code /api/support}, the staff's queue under admin. */
@RestController
class SupportController {

    record NewSupportRequest(@NotBlank @Size(max = 200) String subject, @NotBlank @Size(max = 10_000) String message) {
    }

    record SupportReply(@NotBlank @Size(max = 10_000) String message) {
    }

    private final SupportRequests requests;

    SupportController(SupportRequests requests) {
        this.requests = requests;
    }

    @PostMapping("/api/support/requests")
    @ResponseStatus(HttpStatus.CREATED)
    SupportRequests.Request open(Actor actor, @Valid @RequestBody NewSupportRequest request) {
        return requests.get(actor, requests.open(actor, request.subject(), request.message()));
    }

    @GetMapping("/api/support/requests")
    List<SupportRequests.Summary> mine(Actor actor) {
        return requests.mine(actor);
    }

    @GetMapping("/api/support/requests/{requestId}")
    SupportRequests.Request get(Actor actor, @PathVariable UUID requestId) {
        return requests.get(actor, requestId);
    }

    @PostMapping("/api/support/requests/{requestId}/messages")
    SupportRequests.Request write(Actor actor, @PathVariable UUID requestId, @Valid @RequestBody SupportReply message) {
        requests.write(actor, requestId, message.message());
        return requests.get(actor, requestId);
    }

    @PostMapping("/api/support/requests/{requestId}/close")
    SupportRequests.Request close(Actor actor, @PathVariable UUID requestId) {
        requests.close(actor, requestId);
        return requests.get(actor, requestId);
    }

    @GetMapping("/api/admin/support/requests")
    Map<String, List<SupportRequests.Summary>> queue(Actor actor,
                                                     @RequestParam(required = false) @Nullable String status) {
        return Map.of("requests", requests.queue(actor, status));
    }
}
