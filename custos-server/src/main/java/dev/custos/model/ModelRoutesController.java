package dev.custos.model;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import dev.custos.identity.Accounts;
import dev.custos.identity.Actor;
import dev.custos.platform.WorkspaceId;
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
 * A workspace's model routes (read by its members, written by those who manage it), and the routing telemetry
 * behind them, which only installation administrators read: it is about providers, not about any workspace.
 */
@RestController
class ModelRoutesController {

    private final ModelRoutes routes;
    private final RoutingTelemetry telemetry;
    private final Workspaces workspaces;
    private final Accounts accounts;

    ModelRoutesController(ModelRoutes routes, RoutingTelemetry telemetry, Workspaces workspaces, Accounts accounts) {
        this.routes = routes;
        this.telemetry = telemetry;
        this.workspaces = workspaces;
        this.accounts = accounts;
    }

    /** A route's targets: each a {@code provider/model} the workspace may call, with a weight of 1 to 100. */
    record RouteRequest(@NotNull @Size(min = 1, max = ModelRoutes.MAX_TARGETS) List<@Valid @NotNull TargetRequest> targets) {
    }

    record TargetRequest(@NotNull @Size(max = 200) String model, @NotNull Integer weight) {
    }

    @GetMapping("/api/workspaces/{workspaceId}/model-routes")
    List<ModelRoutes.Route> list(Actor actor, @PathVariable UUID workspaceId) {
        return routes.list(workspaces.access(actor, new WorkspaceId(workspaceId)));
    }

    @PutMapping("/api/workspaces/{workspaceId}/model-routes/{name}")
    ModelRoutes.Route put(Actor actor, @PathVariable UUID workspaceId, @PathVariable String name,
                          @Valid @RequestBody RouteRequest request) {
        return routes.put(workspaces.access(actor, new WorkspaceId(workspaceId)), name, request.targets().stream()
                .map(target -> new ModelRoutes.Target(target.model().strip(), target.weight())).toList());
    }

    @DeleteMapping("/api/workspaces/{workspaceId}/model-routes/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(Actor actor, @PathVariable UUID workspaceId, @PathVariable String name) {
        routes.delete(workspaces.access(actor, new WorkspaceId(workspaceId)), name);
    }

    @GetMapping("/api/admin/routing-telemetry")
    List<RoutingTelemetry.Stats> telemetry(Actor actor) {
        accounts.requireInstallationAdmin(actor, "Only installation administrators read routing telemetry.");
        return telemetry.snapshot();
    }
}
