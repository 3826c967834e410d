package dev.custos.privacy.requests;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import dev.custos.identity.Accounts;
import dev.custos.identity.Actor;
import dev.custos.platform.PersonId;
import dev.custos.privacy.Notices;
import dev.custos.privacy.erasure.Erasures;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Data-subject requests over REST: a person's own under {@code /api/privacy}, the administrators' queue under
 * {@code /api/admin/privacy}; and the person's notices.
 */
@RestController
class PrivacyController {

    private final PrivacyRequests requests;
    private final Notices notices;
    private final Accounts accounts;
    private final Erasures erasures;

    PrivacyController(PrivacyRequests requests, Notices notices, Accounts accounts,
                      Erasures erasures) {
        this.requests = requests;
        this.notices = notices;
        this.accounts = accounts;
        this.erasures = erasures;
    }

    record ErasureRequest(@NotBlank @Size(max = 1000) String password, @Nullable Jurisdiction jurisdiction) {
        @Override
        public String toString() {
            return "ErasureRequest[]";
        }
    }

    /** Deletes the signed-in person's account: closed and unreadable at once, purged by a job (DR-04). */
    @PostMapping("/api/privacy/erasure")
    @ResponseStatus(HttpStatus.ACCEPTED)
    PrivacyRequest erase(Actor actor, @Valid @RequestBody ErasureRequest request) {
        return erasures.request(actor, request.password(), orGdpr(request.jurisdiction()));
    }

    record NewRequest(@NotNull RequestKind kind, @Nullable Jurisdiction jurisdiction,
                      @NotBlank @Size(max = 1000) String password) {
        @Override
        public String toString() {
            return "NewRequest[" + kind + "]"; // never the password
        }
    }

    record OnBehalf(@NotNull UUID personId, @NotNull RequestKind kind, @Nullable Jurisdiction jurisdiction,
                    @NotBlank @Size(max = 500) String verification) {
    }

    record Restriction(@NotBlank @Size(max = 1000) String password) {
        @Override
        public String toString() {
            return "Restriction[]";
        }
    }

    record Extension(@NotNull Instant dueAt, @NotBlank @Size(max = 2000) String reason) {
    }

    record Advance(@NotBlank String status, @Nullable @Size(max = 2000) String note) {
    }

    @PostMapping("/api/privacy/requests")
    @ResponseStatus(HttpStatus.CREATED)
    PrivacyRequest submit(Actor actor, @Valid @RequestBody NewRequest request) {
        return requests.submit(actor, request.kind(), orGdpr(request.jurisdiction()), request.password());
    }

    @GetMapping("/api/privacy/requests")
    List<PrivacyRequest> mine(Actor actor) {
        return requests.mine(actor);
    }

    @GetMapping("/api/privacy/requests/{requestId}")
    PrivacyRequest get(Actor actor, @PathVariable UUID requestId) {
        return requests.get(actor, requestId);
    }

    /** Restricts the processing of the signed-in person's data (DR-05). */
    @PostMapping("/api/privacy/restriction")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void restrict(Actor actor, @Valid @RequestBody Restriction request) {
        actor.requireSignedIn("Restricting processing");
        accounts.restrictProcessing(actor.person(), request.password(), true);
    }

    @PostMapping("/api/privacy/restriction/lift")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void lift(Actor actor, @Valid @RequestBody Restriction request) {
        actor.requireSignedIn("Lifting a restriction");
        accounts.restrictProcessing(actor.person(), request.password(), false);
    }


    @GetMapping("/api/privacy/notices")
    List<Notices.Notice> notices(Actor actor, @RequestParam(defaultValue = "false") boolean unread) {
        return notices.mine(actor, unread);
    }

    @PostMapping("/api/privacy/notices/{noticeId}/read")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void read(Actor actor, @PathVariable UUID noticeId) {
        notices.markRead(actor, noticeId);
    }

    @GetMapping("/api/admin/privacy/requests")
    List<PrivacyRequest> queue(Actor actor, @RequestParam(defaultValue = "false") boolean all) {
        return requests.queue(actor, all);
    }

    @PostMapping("/api/admin/privacy/requests")
    @ResponseStatus(HttpStatus.CREATED)
    PrivacyRequest onBehalf(Actor actor, @Valid @RequestBody OnBehalf request) {
        return requests.submitOnBehalf(actor, new PersonId(request.personId()), request.kind(),
                orGdpr(request.jurisdiction()), request.verification());
    }

    @PostMapping("/api/admin/privacy/requests/{requestId}/extension")
    PrivacyRequest extend(Actor actor, @PathVariable UUID requestId, @Valid @RequestBody Extension extension) {
        return requests.extend(actor, requestId, extension.dueAt(), extension.reason());
    }

    @PostMapping("/api/admin/privacy/requests/{requestId}/status")
    PrivacyRequest advance(Actor actor, @PathVariable UUID requestId, @Valid @RequestBody Advance advance) {
        return requests.advance(actor, requestId, advance.status(), advance.note() == null ? "" : advance.note());
    }

    private static Jurisdiction orGdpr(@Nullable Jurisdiction jurisdiction) {
        return jurisdiction == null ? Jurisdiction.GDPR : jurisdiction;
    }
}
