package dev.custos.model;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.custos.platform.ProviderId;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * A ready adapter per registered provider, speaking its wire format with its key unsealed in memory only; kept
 * until the provider's entry changes.
 */
@Component
class ProviderAdapters {

    private record Adapter(Instant version, ModelProvider provider, @Nullable FineTuning fineTuning) {
    }

    private final ProviderKeys keys;
    private final JsonMapper json;
    private final ModelProperties properties;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final Map<UUID, Adapter> adapters = new ConcurrentHashMap<>();

    ProviderAdapters(ProviderKeys keys, JsonMapper json, ModelProperties properties) {
        this.keys = keys;
        this.json = json;
        this.properties = properties;
    }

    /** The adapter for this version of the provider's entry. */
    ModelProvider of(ProviderEntry entry) {
        return adapter(entry).provider();
    }

    /** Its fine-tuning API, for the kinds that have one (OpenAI's and servers that speak it). */
    Optional<FineTuning> fineTuning(ProviderEntry entry) {
        return Optional.ofNullable(adapter(entry).fineTuning());
    }

    private Adapter adapter(ProviderEntry entry) {
        Adapter cached = adapters.get(entry.id());
        if (cached != null && cached.version().equals(entry.updatedAt())) {
            return cached;
        }
        Adapter built = build(entry);
        adapters.put(entry.id(), built);
        return built;
    }

    void forget(ProviderId provider) {
        adapters.remove(provider.id());
    }

    void forgetAll() {
        adapters.clear();
    }

    private Adapter build(ProviderEntry entry) {
        if (entry.offline()) {
            return new Adapter(entry.updatedAt(), ScriptedProvider.demo(), null);
        }
        // Opened once per adapter (per provider version and node), and audited as such.
        String apiKey = keys.open(new ProviderId(entry.id()));
        URI baseUrl = URI.create(Objects.requireNonNull(entry.baseUrl()));
        return switch (entry.kind()) {
            case ANTHROPIC -> new Adapter(entry.updatedAt(), new AnthropicProvider(baseUrl, apiKey == null ? ""
                    : apiKey, http, json, properties.timeout()), null);
            case OPENAI, OPENAI_COMPATIBLE -> new Adapter(entry.updatedAt(), new OpenAiCompatibleProvider(baseUrl,
                    apiKey, http, json, properties.timeout(), entry.kind().retentionControls()),
                    new OpenAiFineTuning(baseUrl, apiKey, http, json, properties.timeout()));
            case OPENROUTER, SCRIPTED -> new Adapter(entry.updatedAt(), new OpenAiCompatibleProvider(baseUrl, apiKey,
                    http, json, properties.timeout(), entry.kind().retentionControls()), null);
        };
    }
}
