package dev.custos.model;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import dev.custos.identity.Actor;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.workspace.Workspaces;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** A workspace's private models and the fine-tuning jobs that make them (AI-04). */
@RestController
class PrivateModelsController {

    private final PrivateModels privateModels;
    private final FineTunes fineTunes;
    private final Workspaces workspaces;

    PrivateModelsController(PrivateModels privateModels, FineTunes fineTunes, Workspaces workspaces) {
        this.privateModels = privateModels;
        this.fineTunes = fineTunes;
        this.workspaces = workspaces;
    }

    record AssignRequest(@NotBlank @Size(max = 200) String model, @NotBlank @Size(max = 100) String label) {
    }

    @GetMapping("/api/workspaces/{workspaceId}/private-models")
    List<PrivateModels.PrivateModel> list(Actor actor, @PathVariable UUID workspaceId) {
        return privateModels.list(workspaces.access(actor, new WorkspaceId(workspaceId)));
    }

    @PostMapping("/api/workspaces/{workspaceId}/private-models")
    @ResponseStatus(HttpStatus.CREATED)
    PrivateModels.PrivateModel assign(Actor actor, @PathVariable UUID workspaceId,
                                      @Valid @RequestBody AssignRequest request) {
        return privateModels.assign(actor, new WorkspaceId(workspaceId), request.model().strip(),
                request.label().strip());
    }

    /** {@code ?model=provider/model}: a model id may hold slashes and colons, which a path segment would not. */
    @DeleteMapping("/api/workspaces/{workspaceId}/private-models")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void unassign(Actor actor, @PathVariable UUID workspaceId, @RequestParam String model) {
        privateModels.unassign(actor, new WorkspaceId(workspaceId), model);
    }

    @GetMapping("/api/workspaces/{workspaceId}/fine-tunes")
    List<FineTunes.Job> fineTunes(Actor actor, @PathVariable UUID workspaceId) {
        return fineTunes.list(workspaces.access(actor, new WorkspaceId(workspaceId)));
    }

    /** Multipart: {@code model} (provider/base model), {@code file} (the examples, JSON lines), {@code suffix}. */
    @PostMapping("/api/workspaces/{workspaceId}/fine-tunes")
    @ResponseStatus(HttpStatus.ACCEPTED)
    FineTunes.Job startFineTune(Actor actor, @PathVariable UUID workspaceId, @RequestParam String model,
                                @RequestParam(required = false) @Nullable String suffix,
                                @RequestParam(required = false) @Nullable MultipartFile file) throws IOException {
        if (file == null || file.isEmpty()) {
            throw CustosException.invalid("invalid-fine-tune", "Send the examples as the file part (JSON lines).")
                    .with(CustosException.PARAM, "file");
        }
        return fineTunes.start(workspaces.access(actor, new WorkspaceId(workspaceId)), model.strip(),
                suffix == null || suffix.isBlank() ? null : suffix.strip(), file.getBytes());
    }
}
