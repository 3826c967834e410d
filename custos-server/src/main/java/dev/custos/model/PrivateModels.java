package dev.custos.model;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.identity.Accounts;
import dev.custos.identity.Actor;
import dev.custos.platform.PersonId;
import dev.custos.platform.ProviderId;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import dev.custos.workspace.Workspaces;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Models that belong to one workspace (AI-04): a fine-tuned model made from its content, or a private deployment on a
 * registered provider. The workspace lists and calls them like the provider's own models (as {@code provider/model},
 * when it allows the provider); no other workspace sees or reaches them, and a provider's model belongs to one
 * workspace at most. Installation administrators assign deployments; fine-tunes made through Custos assign
 * themselves ({@link FineTunes}).
 */
@Service
public class PrivateModels {

    /** A private model as its workspace sees it. */
    public record PrivateModel(String model, String label, String origin, Instant createdAt) {
    }

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final ModelProviders providers;
    private final Workspaces workspaces;
    private final Accounts accounts;
    private final AuditLog audit;
    private final Clock clock;
    private final WorkspaceModels workspaceModels;

    PrivateModels(JdbcClient jdbc, Tenancy tenancy, ModelProviders providers, Workspaces workspaces, Accounts accounts,
                  AuditLog audit, Clock clock, WorkspaceModels workspaceModels) {
        this.workspaceModels = workspaceModels;
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.providers = providers;
        this.workspaces = workspaces;
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
    }

    public List<PrivateModel> list(WorkspaceAccess access) {
        access.require(Permission.READ);
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> jdbc.sql("""
                        SELECT provider_id, model, label, origin, created_at FROM workspace_private_models
                        WHERE workspace_id = :ws ORDER BY created_at, model""")
                .param("ws", access.workspace().id())
                .query((rs, n) -> new PrivateModel(providers.find(new ProviderId(rs.getObject(1, UUID.class)))
                        .map(ProviderEntry::name).orElse("removed") + "/" + rs.getString(2), rs.getString(3),
                        rs.getString(4), SqlTime.instant(rs, "created_at")))
                .list());
    }

    /** Assigns a provider's model, such as a private deployment, to one workspace: installation administrators only. */
    public PrivateModel assign(Actor actor, WorkspaceId workspace, String model, String label) {
        accounts.requireInstallationAdmin(actor, "Only installation administrators assign private models.");
        if (!workspaces.exists(workspace)) {
            throw CustosException.notFound("Workspace");
        }
        workspaceModels.requirePrivateModels(workspace);
        ModelChoice choice = providers.choice(model).filter(named -> !named.provider().offline()).orElseThrow(() ->
                CustosException.invalid("unknown-provider", "Name the model as provider/model, on a registered "
                        + "provider.").with(CustosException.PARAM, "model"));
        if (choice.provider().models().contains(choice.model())) {
            throw CustosException.conflict("model-is-shared", "The provider offers this model to every workspace; "
                    + "a private model is one it does not list.");
        }
        Instant now = clock.instant();
        tenancy.inWorkspace(workspace, actor.person(), () -> {
            insert(workspace, choice.provider().id(), choice.model(), label, "registered", actor.person(), now);
            audit.record(AuditEvent.of(workspace, actor.person(), "private_model.assigned")
                    .with("provider", choice.provider().id().toString()).with("model", choice.model()));
        });
        return new PrivateModel(model, label, "registered", now);
    }

    /** Takes a private model from its workspace: installation administrators only. */
    public void unassign(Actor actor, WorkspaceId workspace, String model) {
        accounts.requireInstallationAdmin(actor, "Only installation administrators assign private models.");
        ModelChoice choice = providers.choice(model).orElseThrow(() -> CustosException.notFound("Private model"));
        tenancy.inWorkspace(workspace, actor.person(), () -> {
            workspaceModels.rulesChange(workspace);
            int removed = jdbc.sql("""
                            DELETE FROM workspace_private_models
                            WHERE workspace_id = :ws AND provider_id = :provider AND model = :model""")
                    .param("ws", workspace.id()).param("provider", choice.provider().id())
                    .param("model", choice.model()).update();
            if (removed == 0) {
                throw CustosException.notFound("Private model");
            }
            audit.record(AuditEvent.of(workspace, actor.person(), "private_model.unassigned")
                    .with("provider", choice.provider().id().toString()).with("model", choice.model()));
        });
    }

    /**
     * Adds a private model within the caller's workspace-bound transaction. A model another workspace owns is refused:
     * the unique index holds across workspaces.
     */
    void insert(WorkspaceId workspace, UUID providerId, String model, String label, String origin,
                @Nullable PersonId by, Instant at) {
        workspaceModels.rulesChange(workspace);
        try {
            jdbc.sql("""
                            INSERT INTO workspace_private_models (workspace_id, provider_id, model, label, origin,
                                                                  created_by, created_at)
                            VALUES (:ws, :provider, :model, :label, :origin, :by, :at)""")
                    .param("ws", workspace.id()).param("provider", providerId).param("model", model)
                    .param("label", label).param("origin", origin).param("by", by == null ? null : by.id())
                    .param("at", SqlTime.of(at)).update();
        } catch (DuplicateKeyException e) {
            throw CustosException.conflict("private-model-taken", "This model is already a private model of a "
                    + "workspace.");
        }
    }
}
