package dev.custos.model;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import dev.custos.audit.AuditLog;
import dev.custos.platform.ProviderId;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import org.springframework.stereotype.Service;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * A workspace's model routes: a name its clients call as a model, spreading calls over several models it allows by
 * weight. A call goes to one target picked by weight among the healthy ones; if that one fails with a rate limit, a
 * server error or no answer before anything reached the client, the next (again by weight) is tried, and so on.
 * A target that failed repeatedly is passed over for a while ({@link RoutingTelemetry}). Every target is checked
 * against the workspace's allowlist and rules on every call, as a direct call is (AI-02, AI-03).
 */
@Service
public class ModelRoutes {

    /** One model a route may send a call to, and its share of the calls. */
    public record Target(String model, int weight) {
    }

    /** A route as its workspace sees it: targets named {@code provider/model}. */
    public record Route(String name, List<Target> targets, Instant updatedAt) {
        public Route {
            targets = List.copyOf(targets);
        }
    }

    /** A target as stored: by provider id, so renaming a provider keeps its routes. */
    record StoredTarget(UUID providerId, String model, int weight) {
        ModelTarget target() {
            return new ModelTarget(providerId, model);
        }
    }

    static final int MAX_TARGETS = 8;
    private static final String NAME = "[a-z0-9][a-z0-9._-]{0,62}";

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final ModelProviders providers;
    private final WorkspaceModels workspaceModels;
    private final RoutingTelemetry telemetry;
    private final AuditLog audit;
    private final JsonMapper json;
    private final Clock clock;

    ModelRoutes(JdbcClient jdbc, Tenancy tenancy, ModelProviders providers, WorkspaceModels workspaceModels,
                RoutingTelemetry telemetry, AuditLog audit, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.providers = providers;
        this.workspaceModels = workspaceModels;
        this.telemetry = telemetry;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    public List<Route> list(WorkspaceAccess access) {
        access.require(Permission.READ);
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> jdbc.sql("""
                        SELECT name, targets::text, updated_at FROM workspace_model_routes WHERE workspace_id = :ws
                        ORDER BY name""")
                .param("ws", access.workspace().id())
                .query((rs, n) -> route(rs.getString(1), stored(rs.getString(2)), SqlTime.instant(rs, "updated_at"))).list());
    }

    /**
     * Creates or replaces a route. Each target must be a model the workspace may call now, so a route cannot be
     * used to reach a provider the allowlist leaves out.
     */
    public Route put(WorkspaceAccess access, String name, List<Target> targets) {
        access.require(Permission.MANAGE_WORKSPACE);
        if (!name.matches(NAME)) {
            throw CustosException.invalid("invalid-route", "A route's name is 1 to 63 lowercase letters, digits, "
                    + "dots, dashes or underscores, starting with a letter or digit (no slash: provider/model "
                    + "names are the providers').").with(CustosException.PARAM, "name");
        }
        if (targets.isEmpty() || targets.size() > MAX_TARGETS) {
            throw CustosException.invalid("invalid-route", "A route has 1 to " + MAX_TARGETS + " targets.")
                    .with(CustosException.PARAM, "targets");
        }
        WorkspaceRules rules = workspaceModels.rules(access.workspace());
        ArrayNode stored = json.createArrayNode();
        for (Target target : targets) {
            if (target.weight() < 1 || target.weight() > 100) {
                throw CustosException.invalid("invalid-route", "Each target's weight is 1 to 100.")
                        .with(CustosException.PARAM, "targets");
            }
            ModelChoice choice = providers.choice(target.model())
                    .filter(named -> rules.permits(named.provider(), named.model()))
                    .orElseThrow(() -> CustosException.invalid("route-target-unavailable", "A route's targets must be "
                            + "models this workspace may call; GET /v1/models lists them.")
                            .with(CustosException.PARAM, "targets"));
            stored.addObject().put("provider", choice.provider().id().toString()).put("model", choice.model())
                    .put("weight", target.weight());
        }
        Instant now = clock.instant();
        tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            jdbc.sql("""
                    INSERT INTO workspace_model_routes (workspace_id, name, targets, updated_by, updated_at)
                    VALUES (:ws, :name, :targets::jsonb, :by, :now)
                    ON CONFLICT (workspace_id, name) DO UPDATE SET targets = :targets::jsonb, updated_by = :by,
                        updated_at = :now""")
                    .param("ws", access.workspace().id()).param("name", name).param("targets", stored.toString())
                    .param("by", access.actor().person().id()).param("now", SqlTime.of(now)).update();
            audit.record(access.event("model_route.changed").with("route", name)
                    .with("targets", "" + targets.size()));
        });
        return route(name, stored(stored.toString()), now);
    }

    public void delete(WorkspaceAccess access, String name) {
        access.require(Permission.MANAGE_WORKSPACE);
        tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            int removed = jdbc.sql("DELETE FROM workspace_model_routes WHERE workspace_id = :ws AND name = :name")
                    .param("ws", access.workspace().id()).param("name", name).update();
            if (removed == 0) {
                throw CustosException.notFound("Model route");
            }
            audit.record(access.event("model_route.deleted").with("route", name));
        });
    }

    /** The route's targets as stored, for a call in the workspace; empty when it has no route by that name. */
    Optional<List<StoredTarget>> targets(WorkspaceId workspace, String name) {
        if (!name.matches(NAME)) {
            return Optional.empty();
        }
        return tenancy.inWorkspace(workspace, null, () -> jdbc.sql("""
                        SELECT targets::text FROM workspace_model_routes WHERE workspace_id = :ws AND name = :name""")
                .param("ws", workspace.id()).param("name", name)
                .query((rs, n) -> stored(rs.getString(1))).optional());
    }

    /**
     * The order to try a route's targets in: by weight, each pick among those left, healthy targets before those
     * being passed over (which are tried only when nothing else is left).
     */
    List<StoredTarget> plan(List<StoredTarget> targets) {
        List<StoredTarget> healthy = new ArrayList<>();
        List<StoredTarget> skipped = new ArrayList<>();
        targets.forEach(target -> (telemetry.healthy(target.target()) ? healthy : skipped).add(target));
        List<StoredTarget> order = weighted(healthy);
        order.addAll(weighted(skipped));
        return order;
    }

    private static List<StoredTarget> weighted(List<StoredTarget> targets) {
        List<StoredTarget> left = new ArrayList<>(targets);
        List<StoredTarget> order = new ArrayList<>(targets.size());
        while (!left.isEmpty()) {
            int total = left.stream().mapToInt(StoredTarget::weight).sum();
            int pick = ThreadLocalRandom.current().nextInt(total);
            for (int i = 0; i < left.size(); i++) {
                pick -= left.get(i).weight();
                if (pick < 0) {
                    order.add(left.remove(i));
                    break;
                }
            }
        }
        return order;
    }


    private List<StoredTarget> stored(String targets) {
        List<StoredTarget> parsed = new ArrayList<>();
        for (JsonNode target : json.readTree(targets)) {
            parsed.add(new StoredTarget(UUID.fromString(target.path("provider").asString()),
                    target.path("model").asString(), target.path("weight").asInt(1)));
        }
        return parsed;
    }

    /** A stored route as its workspace sees it: a target whose provider was removed is left out. */
    private Route route(String name, List<StoredTarget> stored, Instant updatedAt) {
        List<Target> targets = new ArrayList<>();
        for (StoredTarget target : stored) {
            providers.find(new ProviderId(target.providerId())).ifPresent(provider ->
                    targets.add(new Target(provider.name() + "/" + target.model(), target.weight())));
        }
        return new Route(name, targets, updatedAt);
    }
}
