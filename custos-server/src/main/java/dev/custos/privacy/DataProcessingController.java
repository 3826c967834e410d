package dev.custos.privacy;

import java.util.List;
import java.util.Map;
import java.util.UUID;

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
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A workspace's DPA and role; end-user requests (public to submit) and the owners' instructions on them. */
@RestController
class DataProcessingController {

    private final DataProcessing processing;
    private final Workspaces workspaces;

    DataProcessingController(DataProcessing processing, Workspaces workspaces) {
        this.processing = processing;
        this.workspaces = workspaces;
    }

    record AgreementRequest(@NotNull Boolean processorMode, @NotBlank @Size(max = 20) String dpaVersion) {
    }

    record EndUserRequestForm(@NotNull UUID workspaceId, @NotBlank String kind, @NotBlank @Size(max = 320) String email,
                              @Nullable @Size(max = 5000) String details) {
        @Override
        public String toString() {
            return "EndUserRequestForm[" + kind + "]"; // never the email or details
        }
    }

    /** {@code eraseSessions}: with {@code fulfil}, the sessions holding the end user's data that Custos erases. */
    record Instruction(@NotBlank String decision, @NotBlank @Size(max = 2000) String note,
                       @Nullable @Size(max = 1000) List<UUID> eraseSessions) {
    }

    @GetMapping("/api/workspaces/{workspaceId}/data-processing")
    Map<String, Object> agreement(Actor actor, @PathVariable UUID workspaceId) {
        var agreement = processing.agreement(workspaces.access(actor, new WorkspaceId(workspaceId)));
        return agreement.<Map<String, Object>>map(value -> Map.of("agreement", value, "currentDpaVersion",
                DataProcessing.DPA_VERSION)).orElseGet(() -> Map.of("currentDpaVersion", DataProcessing.DPA_VERSION));
    }

    @PutMapping("/api/workspaces/{workspaceId}/data-processing")
    DataProcessing.Agreement agree(Actor actor, @PathVariable UUID workspaceId,
                                   @Valid @RequestBody AgreementRequest request) {
        return processing.agree(workspaces.access(actor, new WorkspaceId(workspaceId)), request.processorMode(),
                request.dpaVersion());
    }

    /** From anyone: a person whose data an organisation using Custos holds. */
    @PostMapping("/api/privacy/end-user-requests")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, String> endUserRequest(@Valid @RequestBody EndUserRequestForm form) {
        String routedTo = processing.receive(form.workspaceId(), form.kind(), form.email(),
                form.details() == null ? "" : form.details());
        return Map.of("routedTo", routedTo, "message", "We emailed you a code to confirm that the address is "
                + "yours. Once you confirm, your request goes to " + (routedTo.equals("workspace")
                ? "the organisation responsible for your data" : "the operator of this service")
                + ", which will answer you.");
    }

    record Confirmation(@NotBlank @Size(max = 100) String code) {
        @Override
        public String toString() {
            return "Confirmation[]"; // never the code
        }
    }

    /** The mailed code comes back: the request is confirmed and goes to whoever decides on it. */
    @PostMapping("/api/privacy/end-user-requests/confirmation")
    Map<String, Boolean> confirm(@Valid @RequestBody Confirmation confirmation) {
        processing.confirm(confirmation.code());
        return Map.of("confirmed", true);
    }

    @GetMapping("/api/workspaces/{workspaceId}/end-user-requests")
    List<DataProcessing.EndUserRequest> requests(Actor actor, @PathVariable UUID workspaceId) {
        return processing.requests(workspaces.access(actor, new WorkspaceId(workspaceId)));
    }

    @PostMapping("/api/workspaces/{workspaceId}/end-user-requests/{requestId}/instruction")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void instruct(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID requestId,
                  @Valid @RequestBody Instruction instruction) {
        if (!instruction.decision().equals("fulfil") && !instruction.decision().equals("decline")) {
            throw CustosException.invalid("invalid-decision", "decision must be fulfil or decline.");
        }
        processing.instruct(workspaces.access(actor, new WorkspaceId(workspaceId)), requestId,
                instruction.decision().equals("fulfil"), instruction.note(),
                instruction.eraseSessions() == null ? List.of() : instruction.eraseSessions());
    }
}
