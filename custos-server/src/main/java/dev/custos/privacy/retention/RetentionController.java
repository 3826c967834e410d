package dev.custos.privacy.retention;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import dev.custos.identity.Accounts;
import dev.custos.identity.Actor;
import dev.custos.platform.WorkspaceId;
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

/** A workspace's run-log retention; legal holds and an on-demand retention run for installation admins. */
@RestController
class RetentionController {

    private final Retention retention;
    private final LegalHolds holds;
    private final Workspaces workspaces;
    private final Accounts accounts;

    RetentionController(Retention retention, LegalHolds holds, Workspaces workspaces, Accounts accounts) {
        this.retention = retention;
        this.holds = holds;
        this.workspaces = workspaces;
        this.accounts = accounts;
    }

    record RetentionRequest(@Nullable Integer runLogDays) {
    }

    record HoldRequest(@Nullable UUID workspaceId, @Nullable UUID personId,
                       @NotEmpty @Size(max = 50) List<String> tables, @NotBlank @Size(max = 2000) String reason) {
    }

    @GetMapping("/api/workspaces/{workspaceId}/retention")
    Map<String, Integer> get(Actor actor, @PathVariable UUID workspaceId) {
        return Map.of("runLogDays", retention.runLogDays(workspaces.access(actor, new WorkspaceId(workspaceId))));
    }

    @PutMapping("/api/workspaces/{workspaceId}/retention")
    Map<String, Integer> set(Actor actor, @PathVariable UUID workspaceId, @Valid @RequestBody RetentionRequest request) {
        var access = workspaces.access(actor, new WorkspaceId(workspaceId));
        retention.setRunLogDays(access, request.runLogDays());
        return Map.of("runLogDays", retention.runLogDays(access));
    }

    @GetMapping("/api/admin/legal-holds")
    List<LegalHolds.Hold> holds(Actor actor) {
        return holds.list(actor);
    }

    @PostMapping("/api/admin/legal-holds")
    @ResponseStatus(HttpStatus.CREATED)
    LegalHolds.Hold place(Actor actor, @Valid @RequestBody HoldRequest request) {
        return holds.place(actor, request.workspaceId(), request.personId(), request.tables(), request.reason());
    }

    @PostMapping("/api/admin/legal-holds/{holdId}/release")
    LegalHolds.Hold release(Actor actor, @PathVariable UUID holdId) {
        return holds.release(actor, holdId);
    }

    /** Runs retention now (it also runs every hour): what was purged, and what holds kept. */
    @PostMapping("/api/admin/retention/run")
    List<Retention.Purge> run(Actor actor) {
        accounts.requireInstallationAdmin(actor, "Only installation administrators run retention by hand.");
        return retention.run();
    }
}
