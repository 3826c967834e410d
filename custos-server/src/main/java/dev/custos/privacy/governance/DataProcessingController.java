package dev.custos.privacy.governance;

import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import dev.custos.identity.Actor;
import dev.custos.platform.WorkspaceId;
import dev.custos.workspace.Workspaces;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A workspace's DPA and its role, controller or processor (GV-04). */
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
}
