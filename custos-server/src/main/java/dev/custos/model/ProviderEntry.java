package dev.custos.model;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A registered model provider as the registry shows it: never its API key, only the key's last characters.
 *
 * @param zeroRetention whether the provider's terms keep no prompts or answers
 * @param mayTrain      whether its terms allow training on what it is sent
 */
public record ProviderEntry(UUID id, String name, String label, ProviderKind kind, @Nullable String baseUrl,
                            @Nullable String apiKeyHint, String region, boolean zeroRetention, boolean mayTrain,
                            List<String> models, Instant createdAt, Instant updatedAt) {

    /** The offline demo model, registered by the first migration. */
    public static final UUID OFFLINE_ID = UUID.fromString("00000000-0000-4000-8000-00000000005c");

    public ProviderEntry {
        models = List.copyOf(models);
    }

    /** Whether content sent through it stays on this machine. */
    public boolean offline() {
        return kind == ProviderKind.SCRIPTED;
    }

    /** Whether a workspace that demands zero retention may use it. */
    public boolean meetsZeroRetention() {
        return zeroRetention && !mayTrain;
    }

    /** How it shows to people: the offline model always says what it is. */
    public String displayName() {
        return offline() ? label + " (" + ScriptedProvider.LABEL + ")" : label;
    }
}
