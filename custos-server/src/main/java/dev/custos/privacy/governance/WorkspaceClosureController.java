package dev.custos.privacy.governance;

import java.io.IOException;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import dev.custos.identity.Actor;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.workspace.Permission;
import dev.custos.workspace.Workspaces;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The end of a contract: {@code PUT /api/workspaces/{id}/closure} instructs (return or delete), {@code GET}
 * shows it, {@code DELETE} withdraws it; {@code GET /api/workspaces/{id}/export} downloads the whole workspace.
 */
@RestController
class WorkspaceClosureController {

    private final WorkspaceClosures closures;
    private final Workspaces workspaces;

    WorkspaceClosureController(WorkspaceClosures closures, Workspaces workspaces) {
        this.closures = closures;
        this.workspaces = workspaces;
    }

    record ClosureInstruction(@NotBlank @Size(max = 20) String instruction, @NotBlank @Size(max = 1000) String password) {
        @Override
        public String toString() {
            return "ClosureInstruction[" + instruction + "]";
        }
    }

    @PutMapping("/api/workspaces/{workspaceId}/closure")
    @ResponseStatus(HttpStatus.ACCEPTED)
    WorkspaceClosures.Closure instruct(Actor actor, @PathVariable UUID workspaceId,
                                       @Valid @RequestBody ClosureInstruction instruction) {
        return closures.instruct(workspaces.access(actor, new WorkspaceId(workspaceId)), instruction.instruction(),
                instruction.password());
    }

    @GetMapping("/api/workspaces/{workspaceId}/closure")
    WorkspaceClosures.Closure closure(Actor actor, @PathVariable UUID workspaceId) {
        return closures.get(workspaces.access(actor, new WorkspaceId(workspaceId)))
                .orElseThrow(() -> CustosException.notFound("closure"));
    }

    @DeleteMapping("/api/workspaces/{workspaceId}/closure")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void withdraw(Actor actor, @PathVariable UUID workspaceId) {
        closures.withdraw(workspaces.access(actor, new WorkspaceId(workspaceId)));
    }

    @GetMapping("/api/workspaces/{workspaceId}/export")
    void export(Actor actor, @PathVariable UUID workspaceId, HttpServletResponse response) throws IOException {
        var access = workspaces.access(actor, new WorkspaceId(workspaceId))
                .require(Permission.OWN); // refused as problem+json before the zip starts
        response.setContentType("application/zip");
        response.setHeader("Content-Disposition", "attachment; filename=\"custos-workspace.zip\"");
        response.setHeader("Cache-Control", "no-store");
        closures.export(access, response.getOutputStream());
    }
}
