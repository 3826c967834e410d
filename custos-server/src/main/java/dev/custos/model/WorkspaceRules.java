package dev.custos.model;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.custos.workspace.Regions;
import org.jspecify.annotations.Nullable;

/**
 * What a call in a workspace is checked against: its settings, allowed providers and private models, read
 * together; {@code withheld} are private models its plan does not include (BL-01), refused as such.
 */
record WorkspaceRules(WorkspaceModels.Settings settings, List<UUID> allowed, Set<ModelTarget> privateModels,
                      Set<ModelTarget> withheld, @Nullable Set<String> providerRegions) {

    /** The rules with the workspace's private models withheld: its plan does not include them. */
    WorkspaceRules withoutPrivateModels() {
        return privateModels.isEmpty() ? this
                : new WorkspaceRules(settings, allowed, Set.of(), privateModels, providerRegions);
    }

    /**
     * Whether the workspace may send content to the provider: allowed by it, meeting its zero-retention rule, and
     * never one whose terms let it train on what it is sent, which would put the content into a model shared
     * with others (AI-04); and in a region the workspace's region allows (TN-05), null meaning any.
     */
    boolean permits(ProviderEntry provider) {
        return allowed.contains(provider.id()) && !provider.mayTrain()
                && (!settings.requireZeroRetention() || provider.meetsZeroRetention())
                && (providerRegions == null
                    || providerRegions.contains(Regions.normal(provider.region())));
    }

    /** Whether the workspace may call the provider's model: one the provider lists, or its own private model. */
    boolean permits(ProviderEntry provider, String model) {
        return permits(provider) && (provider.models().contains(model)
                || privateModels.contains(new ModelTarget(provider.id(), model)));
    }
}
