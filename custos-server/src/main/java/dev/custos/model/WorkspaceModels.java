package dev.custos.model;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.custos.audit.AuditLog;
import dev.custos.platform.ChangeNotices;
import dev.custos.platform.NoticedCache;
import dev.custos.platform.PersonId;
import dev.custos.platform.ProviderId;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.workspace.Regions;
import dev.custos.workspace.Workspace;
import dev.custos.workspace.Workspaces;
import dev.custos.usage.Entitlements;
import dev.custos.usage.Feature;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * A workspace's say over model calls: which registered providers it allows (none until an admin allows one,
 * except the offline model for the demo) and its rules: zero retention required, redaction, a monthly token cap.
 */
@Service
public class WorkspaceModels {

    /**
     * @param requireZeroRetention refuse providers whose terms keep content or allow training
     * @param redaction            replace personal values with placeholders before any call
     * @param phoneRegion          the country phone numbers without a +prefix are read as (ISO 3166 alpha-2)
     * @param monthlyTokenLimit    tokens in and out per calendar month (UTC), or null for no cap
     */
    public record Settings(boolean requireZeroRetention, boolean redaction, String phoneRegion,
                           @Nullable Long monthlyTokenLimit) {
        static final Settings DEFAULTS = new Settings(false, false, "US", null);
    }

    /** A provider as a workspace sees it: allowed or not, and whether its rules let it be used. */
    public record AllowedProvider(ProviderEntry provider, boolean allowed, boolean usable) {
    }

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final ModelProviders providers;
    private final AuditLog audit;
    private final Clock clock;

    private final ChangeNotices notices;
    private final Entitlements entitlements;
    private final Workspaces workspaces;
    private final Regions regions;
    /** Every model call reads its workspace's rules: kept until a change of them is noticed, or a minute passes. */
    private final NoticedCache<WorkspaceId, WorkspaceRules> cachedRules;

    WorkspaceModels(JdbcClient jdbc, Tenancy tenancy, ModelProviders providers, AuditLog audit, Clock clock,
                    ChangeNotices notices, Entitlements entitlements, Workspaces workspaces, Regions regions) {
        this.workspaces = workspaces;
        this.regions = regions;
        this.entitlements = entitlements;
        this.notices = notices;
        this.cachedRules = new NoticedCache<>(notices, RULES, key -> new WorkspaceId(UUID.fromString(key)),
                Duration.ofMinutes(1), clock);
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.providers = providers;
        this.audit = audit;
        this.clock = clock;
    }

    public Settings settings(WorkspaceAccess access) {
        access.require(Permission.READ);
        return settings(access.workspace());
    }

    Settings settings(WorkspaceId workspace) {
        return rules(workspace).settings();
    }

    public Settings changeSettings(WorkspaceAccess access, Settings settings) {
        access.require(Permission.MANAGE_WORKSPACE);
        if (!settings.phoneRegion().matches("[A-Z]{2}")) {
            throw CustosException.invalid("invalid-phone-region", "phoneRegion must be a two-letter country code.");
        }
        if (settings.monthlyTokenLimit() != null && settings.monthlyTokenLimit() <= 0) {
            throw CustosException.invalid("invalid-token-limit", "monthlyTokenLimit must be positive, or null.");
        }
        tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            rulesChange(access.workspace());
            jdbc.sql("""
                    INSERT INTO workspace_model_settings (workspace_id, require_zero_retention, redaction, phone_region,
                                                          monthly_token_limit, updated_by, updated_at)
                    VALUES (:ws, :zdr, :redaction, :region, :limit, :by, :now)
                    ON CONFLICT (workspace_id) DO UPDATE SET require_zero_retention = :zdr, redaction = :redaction,
                        phone_region = :region, monthly_token_limit = :limit, updated_by = :by, updated_at = :now
                    """)
                    .param("ws", access.workspace().id()).param("zdr", settings.requireZeroRetention())
                    .param("redaction", settings.redaction()).param("region", settings.phoneRegion())
                    .param("limit", settings.monthlyTokenLimit()).param("by", access.actor().person().id())
                    .param("now", SqlTime.of(clock.instant())).update();
            audit.record(access.event("model_settings.changed")
                    .with("require_zero_retention", "" + settings.requireZeroRetention())
                    .with("redaction", "" + settings.redaction())
                    .with("monthly_token_limit", String.valueOf(settings.monthlyTokenLimit())));
        });
        return settings;
    }

    /** Every registered provider, marked allowed or not for this workspace. */
    public List<AllowedProvider> providers(WorkspaceAccess access) {
        access.require(Permission.READ);
        WorkspaceRules rules = rules(access.workspace());
        return providers.list().stream()
                .map(provider -> new AllowedProvider(provider, rules.allowed().contains(provider.id()),
                        rules.permits(provider)))
                .toList();
    }

    public void allow(WorkspaceAccess access, ProviderId providerId) {
        access.require(Permission.MANAGE_WORKSPACE);
        ProviderEntry provider = providers.find(providerId).orElseThrow(() -> CustosException.notFound("Model provider"));
        if (provider.mayTrain()) {
            throw CustosException.conflict("provider-trains-on-content", "This provider's terms let it train on what "
                    + "it is sent, which would put this workspace's content into a model shared with others.");
        }
        Workspace.Region region = workspaces.region(access.workspace());
        if (!regions.mayReceive(region, provider.region())) {
            throw CustosException.conflict("provider-outside-region", "This workspace is pinned to " + region
                    + "; this provider processes content in " + provider.region() + ", which " + region
                    + " workspaces may not send content to.");
        }
        if (settings(access.workspace()).requireZeroRetention() && !provider.meetsZeroRetention()) {
            throw CustosException.conflict("provider-not-zero-retention", "This workspace requires zero data "
                    + "retention and no training; this provider's terms do not promise both.");
        }
        tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            if (insertAllowed(access.workspace(), providerId, access.actor().person())) {
                audit.record(access.event("model_provider.allowed").on("model_provider", providerId));
            }
        });
    }

    public void disallow(WorkspaceAccess access, ProviderId providerId) {
        access.require(Permission.MANAGE_WORKSPACE);
        tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            rulesChange(access.workspace());
            int removed = jdbc.sql("DELETE FROM workspace_providers WHERE workspace_id = :ws AND provider_id = :provider")
                    .param("ws", access.workspace().id()).param("provider", providerId).update();
            if (removed == 0) {
                throw CustosException.notFound("Allowed model provider");
            }
            audit.record(access.event("model_provider.disallowed").on("model_provider", providerId));
        });
    }

    /** Allows the offline model in a new workspace, so it can run agents before anyone registers a provider. */
    public void allowOffline(WorkspaceId workspace, PersonId by) {
        tenancy.inWorkspace(workspace, by,
                () -> insertAllowed(workspace, new ProviderId(ProviderEntry.OFFLINE_ID), by));
    }

    /** Adds a provider to the allowlist, within a workspace-bound transaction; false if it was on it already. */
    private boolean insertAllowed(WorkspaceId workspace, ProviderId providerId, PersonId by) {
        rulesChange(workspace);
        return jdbc.sql("""
                INSERT INTO workspace_providers (workspace_id, provider_id, allowed_by, allowed_at)
                VALUES (:ws, :provider, :by, :now) ON CONFLICT DO NOTHING""")
                .param("ws", workspace.id()).param("provider", providerId).param("by", by.id())
                .param("now", SqlTime.of(clock.instant())).update() == 1;
    }

    /** The topic of changes to a workspace's rules, keyed by workspace (the triggers of V56 send it too). */
    static final String RULES = "rules";

    /** Tells this node at once that the workspace's rules change with the current transaction. */
    void rulesChange(WorkspaceId workspace) {
        notices.changedHere(RULES, workspace.toString());
    }

    /** Refuses unless the workspace's plan includes private models (BL-01). */
    void requirePrivateModels(WorkspaceId workspace) {
        entitlements.require(workspace, Feature.PRIVATE_MODELS);
    }

    /** Every model call reads this first: one query, or none while nothing changed. */
    WorkspaceRules rules(WorkspaceId workspace) {
        WorkspaceRules rules = cachedRules.get(workspace, () -> readRules(workspace));
        return entitlements.includes(workspace, Feature.PRIVATE_MODELS) ? rules : rules.withoutPrivateModels();
    }

    private WorkspaceRules readRules(WorkspaceId workspace) {
        return tenancy.inWorkspace(workspace, null, () -> jdbc.sql("""
                        SELECT s.require_zero_retention, s.redaction, s.phone_region, s.monthly_token_limit,
                               ARRAY(SELECT provider_id FROM workspace_providers WHERE workspace_id = :ws) AS allowed,
                               ARRAY(SELECT provider_id FROM workspace_private_models WHERE workspace_id = :ws
                                     ORDER BY provider_id, model) AS private_providers,
                               ARRAY(SELECT model FROM workspace_private_models WHERE workspace_id = :ws
                                     ORDER BY provider_id, model) AS private_models
                        FROM (SELECT :ws AS workspace_id) w
                        LEFT JOIN workspace_model_settings s ON s.workspace_id = w.workspace_id""")
                .param("ws", workspace.id())
                .query((rs, n) -> {
                    UUID[] privateProviders = (UUID[]) rs.getArray("private_providers").getArray();
                    String[] privateModels = (String[]) rs.getArray("private_models").getArray();
                    Set<ModelTarget> own = new HashSet<>();
                    for (int i = 0; i < privateModels.length; i++) {
                        own.add(new ModelTarget(privateProviders[i], privateModels[i]));
                    }
                    return new WorkspaceRules(rs.getObject(1) == null ? Settings.DEFAULTS : new Settings(
                            rs.getBoolean(1), rs.getBoolean(2), rs.getString(3), rs.getObject(4, Long.class)),
                            List.of((UUID[]) rs.getArray("allowed").getArray()), Set.copyOf(own), Set.of(),
                            regions.providerRegions(workspaces.region(workspace)).orElse(null));
                })
                .single());
    }

    /**
     * The provider a call in this workspace may go to. A provider the workspace does not allow, or that fails
     * its zero-retention rule, is answered like one that does not exist (AI-02, AI-03): the caller learns no
     * more than GET /v1/models shows.
     */
    ProviderEntry permittedProvider(WorkspaceRules rules, ProviderId providerId, String model) {
        return permitted(rules, providerId, model).orElseThrow(WorkspaceModels::modelNotFound);
    }

    /** The provider, if a call in this workspace may go to it for this model. */
    Optional<ProviderEntry> permitted(WorkspaceRules rules, ProviderId providerId, String model) {
        return providers.find(providerId).filter(provider -> rules.permits(provider, model));
    }

    /** The one refusal of a model that does not exist or that the workspace may not use: the two look alike. */
    static CustosException modelNotFound() {
        return new CustosException(HttpStatus.NOT_FOUND, "model-not-found", "No model by that name is available "
                + "in this workspace; GET /v1/models lists them.").with(CustosException.PARAM, "model");
    }
}
