package dev.custos.privacy.requests;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import dev.custos.identity.Actor;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.workspace.Workspaces;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * End users' requests over the API: made and confirmed by anyone holding a workspace's form code, answered by the
 * workspace's owners (processor mode) or the installation's administrators. The pages do the same through
 * {@link EndUserRequestPages}.
 */
@RestController
class EndUserRequestController {

    private final EndUserRequests requests;
    private final EndUserAnswers answers;
    private final RequestForms forms;
    private final Workspaces workspaces;

    EndUserRequestController(EndUserRequests requests, EndUserAnswers answers, RequestForms forms, Workspaces workspaces) {
        this.requests = requests;
        this.answers = answers;
        this.forms = forms;
        this.workspaces = workspaces;
    }

    /** {@code form}: the code of the organisation's public form ({@code /requests/{form}}). */
    record EndUserRequestForm(@NotBlank @Size(max = 40) String form, @NotNull RequestKind kind,
                      @Nullable Jurisdiction jurisdiction, @NotBlank @Size(max = 320) String email,
                      @Nullable @Size(max = 5000) String details) {
        @Override
        public String toString() {
            return "EndUserRequestForm[" + kind + "]"; // never the email or details
        }
    }

    record Confirmation(@NotBlank @Size(max = 100) String code) {
        @Override
        public String toString() {
            return "Confirmation[]"; // never the code
        }
    }

    /** {@code eraseSessions}: with {@code fulfil}, the sessions holding the end user's data that Custos erases. */
    record EndUserInstruction(@NotBlank String decision, @NotBlank @Size(max = 2000) String note,
                       @Nullable @Size(max = 1000) List<UUID> eraseSessions) {

        EndUserAnswers.Decision toDecision() {
            if (!decision.equals("fulfil") && !decision.equals("decline")) {
                throw CustosException.invalid("invalid-decision", "decision must be fulfil or decline.");
            }
            return new EndUserAnswers.Decision(decision.equals("fulfil"), note,
                    eraseSessions == null ? List.of() : eraseSessions);
        }
    }

    record EndUserExtension(@NotNull Instant dueAt, @NotBlank @Size(max = 2000) String reason) {
    }

    /** From anyone: a person whose data an organisation using Custos holds. */
    @PostMapping("/api/privacy/end-user-requests")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, String> make(@Valid @RequestBody EndUserRequestForm request, HttpServletRequest http) {
        String routedTo = requests.receive(request.form(), request.kind(),
                request.jurisdiction() == null ? Jurisdiction.GDPR : request.jurisdiction(), request.email(),
                request.details() == null ? "" : request.details(), http.getRemoteAddr());
        return Map.of("routedTo", routedTo, "message", "We emailed you a link to confirm that the address is "
                + "yours. Once you confirm, your request goes to " + (routedTo.equals("workspace")
                ? "the organisation responsible for your data" : "the operator of this service")
                + ", which must answer you within 30 days.");
    }

    /** The mailed code comes back: the request is confirmed and goes to whoever answers it. */
    @PostMapping("/api/privacy/end-user-requests/confirmation")
    EndUserRequests.Confirmed confirm(@Valid @RequestBody Confirmation confirmation) {
        return requests.confirm(confirmation.code());
    }

    @GetMapping("/api/workspaces/{workspaceId}/request-form")
    RequestForms.Form form(Actor actor, @PathVariable UUID workspaceId) {
        return forms.current(workspaces.access(actor, new WorkspaceId(workspaceId)))
                .orElseThrow(() -> CustosException.notFound("Request form"));
    }

    /** Publishes the workspace's public request form, or replaces its link (the old one stops working). */
    @PostMapping("/api/workspaces/{workspaceId}/request-form")
    RequestForms.Form publish(Actor actor, @PathVariable UUID workspaceId) {
        return forms.publish(workspaces.access(actor, new WorkspaceId(workspaceId)));
    }

    @GetMapping("/api/workspaces/{workspaceId}/end-user-requests")
    List<EndUserRequests.EndUserRequest> forWorkspace(Actor actor, @PathVariable UUID workspaceId) {
        return answers.forWorkspace(workspaces.access(actor, new WorkspaceId(workspaceId)));
    }

    @PostMapping("/api/workspaces/{workspaceId}/end-user-requests/{requestId}/instruction")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void instruct(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID requestId,
                  @Valid @RequestBody EndUserInstruction instruction) {
        answers.instruct(workspaces.access(actor, new WorkspaceId(workspaceId)), requestId, instruction.toDecision());
    }

    @PostMapping("/api/workspaces/{workspaceId}/end-user-requests/{requestId}/extension")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void extend(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID requestId,
                @Valid @RequestBody EndUserExtension extension) {
        answers.extend(workspaces.access(actor, new WorkspaceId(workspaceId)), requestId, extension.dueAt(),
                extension.reason());
    }

    /** The end users' requests the installation's administrators answer (workspaces not in processor mode). */
    @GetMapping("/api/admin/end-user-requests")
    List<EndUserRequests.EndUserRequest> forInstallation(Actor actor) {
        return answers.forInstallation(actor);
    }

    @PostMapping("/api/admin/end-user-requests/{workspaceId}/{requestId}/instruction")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void instructAsOperator(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID requestId,
                            @Valid @RequestBody EndUserInstruction instruction) {
        answers.instruct(actor, new WorkspaceId(workspaceId), requestId, instruction.toDecision());
    }

    @PostMapping("/api/admin/end-user-requests/{workspaceId}/{requestId}/extension")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void extendAsOperator(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID requestId,
                          @Valid @RequestBody EndUserExtension extension) {
        answers.extend(actor, new WorkspaceId(workspaceId), requestId, extension.dueAt(), extension.reason());
    }
}
