package dev.custos.model;

import java.net.URI;
import java.net.http.HttpClient;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.identity.Accounts;
import dev.custos.identity.Actor;
import dev.custos.keys.ContentSeal;
import dev.custos.keys.CredentialVault;
import dev.custos.platform.SqlTime;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The installation's provider registry. Installation administrators register providers with their API keys
 * (kept in the credential vault, never shown again); everyone else sees the entries without keys. Hands out a
 * ready adapter per provider, rebuilt whenever its entry changes.
 */
@Service
public class ModelProviders {

    /** What an administrator registers or changes; a null API key on update keeps the stored one. */
    public record Registration(String name, String label, ProviderKind kind, @Nullable String baseUrl,
                               @Nullable String apiKey, String region, boolean zeroRetention, boolean mayTrain,
                               List<String> models) {
        @Override
        public String toString() {
            return "Registration[" + name + ", " + kind + "]"; // never the key
        }
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private static final String KEY_PURPOSE = "model_provider.api_key";

    private final ContentSeal seal;
    private final CredentialVault vault;
    private final Accounts accounts;
    private final AuditLog audit;
    private final Clock clock;
    private final HttpClient http;
    private final JsonMapper json;
    private final ModelProperties properties;
    private final Map<UUID, Adapter> adapters = new ConcurrentHashMap<>();
    private final org.springframework.context.ApplicationEventPublisher events;

    private record Adapter(Instant version, ModelProvider provider) {
    }

    private record Snapshot(long readAt, List<ProviderEntry> entries) {
    }

    private static final long SNAPSHOT_MILLIS = 5_000;
    private volatile @Nullable Snapshot snapshot;
    /** Moves on with every committed change, so that a read begun before the change is not kept after it. */
    private final AtomicLong generation = new AtomicLong();

    ModelProviders(JdbcClient jdbc, TransactionTemplate transactions, ContentSeal seal, CredentialVault vault,
                   Accounts accounts, AuditLog audit, Clock clock, JsonMapper json, ModelProperties properties,
                   org.springframework.context.ApplicationEventPublisher events) {
        this.vault = vault;
        this.events = events;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.seal = seal;
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
        this.json = json;
        this.properties = properties;
        this.http = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    /**
     * The registry as last read. Every model call consults it, so it is kept in memory: a change made on this
     * node shows at once, one made on another node within {@value #SNAPSHOT_MILLIS} ms. (A workspace's allowlist
     * is never cached: taking a provider off it takes effect on the next call everywhere.)
     */
    public List<ProviderEntry> list() {
        Snapshot current = snapshot;
        if (current == null || clock.millis() - current.readAt() > SNAPSHOT_MILLIS) {
            long before = generation.get();
            current = new Snapshot(clock.millis(), jdbc.sql("SELECT * FROM model_providers ORDER BY name")
                    .query(ModelProviders::entry).list());
            // Kept only when it is committed state no change has overtaken: a read inside a writing transaction
            // (which would see its uncommitted rows) is never kept.
            if (generation.get() == before && !TransactionSynchronizationManager.isActualTransactionActive()) {
                snapshot = current;
            }
        }
        return current.entries();
    }

    public Optional<ProviderEntry> find(UUID id) {
        return list().stream().filter(entry -> entry.id().equals(id)).findFirst();
    }

    public Optional<ProviderEntry> findByName(String name) {
        return list().stream().filter(entry -> entry.name().equals(name)).findFirst();
    }

    /** Drops the snapshot once the current transaction (if any) has committed, and at once. */
    private void forget() {
        generation.incrementAndGet();
        snapshot = null;
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    generation.incrementAndGet();
                    snapshot = null;
                }
            });
        }
    }

    /** One provider as this transaction sees it, never through the snapshot. */
    private ProviderEntry read(UUID id) {
        return jdbc.sql("SELECT * FROM model_providers WHERE provider_id = :id").param("id", id)
                .query(ModelProviders::entry).single();
    }

    public ProviderEntry register(Actor actor, Registration registration) {
        requireAdmin(actor);
        check(registration);
        if (registration.kind() != ProviderKind.OPENAI_COMPATIBLE && registration.apiKey() == null) {
            throw CustosException.invalid("missing-api-key", "This kind of provider needs an API key.");
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        return transactions.execute(status -> {
            forget();
            if (jdbc.sql("SELECT count(*) FROM model_providers WHERE name = :name").param("name", registration.name())
                    .query(Long.class).single() > 0) {
                throw CustosException.conflict("provider-name-taken", "A provider with that name exists.");
            }
            CredentialVault.Stored key = registration.apiKey() == null ? null
                    : vault.store(WorkspaceId.INSTALLATION, KEY_PURPOSE, registration.apiKey());
            jdbc.sql("""
                    INSERT INTO model_providers (provider_id, name, label, kind, base_url, api_key_secret, api_key_hint,
                                                 region, zero_retention, may_train, models, created_at, updated_at)
                    VALUES (:id, :name, :label, :kind, :baseUrl, :key, :hint, :region, :zdr, :train, :models, :now, :now)
                    """)
                    .param("id", id).param("name", registration.name()).param("label", registration.label())
                    .param("kind", registration.kind().key()).param("baseUrl", registration.baseUrl())
                    .param("key", key == null ? null : key.id()).param("hint", key == null ? null : key.hint())
                    .param("region", registration.region()).param("zdr", registration.zeroRetention())
                    .param("train", registration.mayTrain()).param("models", registration.models().toArray(String[]::new))
                    .param("now", SqlTime.of(now)).update();
            audit.record(AuditEvent.installation(actor.person(), "model_provider.registered").on("model_provider", id)
                    .with("kind", registration.kind().key()).with("zero_retention", "" + registration.zeroRetention()));
            forget();
            events.publishEvent(new dev.custos.privacy.SubProcessorChange(registration.label(),
                    "added as a model provider (" + registration.region() + ", "
                            + (registration.zeroRetention() ? "keeps nothing" : "may keep content") + ")"));
            return read(id);
        });
    }

    public ProviderEntry update(Actor actor, UUID id, Registration registration) {
        requireAdmin(actor);
        check(registration);
        ProviderEntry current = find(id).orElseThrow(() -> CustosException.notFound("Model provider"));
        if (current.offline()) {
            throw CustosException.invalid("offline-provider-fixed", "The offline demo model cannot be changed.");
        }
        return transactions.execute(status -> {
            CredentialVault.Stored key = registration.apiKey() == null ? null : replaceKey(id, registration.apiKey());
            jdbc.sql("""
                    UPDATE model_providers SET name = :name, label = :label, kind = :kind, base_url = :baseUrl,
                        api_key_secret = COALESCE(:key, api_key_secret), api_key_hint = COALESCE(:hint, api_key_hint),
                        region = :region, zero_retention = :zdr, may_train = :train, models = :models,
                        updated_at = :now
                    WHERE provider_id = :id
                    """)
                    .param("id", id).param("name", registration.name()).param("label", registration.label())
                    .param("kind", registration.kind().key()).param("baseUrl", registration.baseUrl())
                    .param("key", key == null ? null : key.id()).param("hint", key == null ? null : key.hint())
                    .param("region", registration.region()).param("zdr", registration.zeroRetention())
                    .param("train", registration.mayTrain()).param("models", registration.models().toArray(String[]::new))
                    .param("now", SqlTime.of(clock.instant())).update();
            audit.record(AuditEvent.installation(actor.person(), "model_provider.updated").on("model_provider", id)
                    .with("key_replaced", "" + (registration.apiKey() != null))
                    .with("zero_retention", "" + registration.zeroRetention()));
            forget();
            return read(id);
        });
    }

    public void remove(Actor actor, UUID id) {
        requireAdmin(actor);
        ProviderEntry current = find(id).orElseThrow(() -> CustosException.notFound("Model provider"));
        if (current.offline()) {
            throw CustosException.invalid("offline-provider-fixed", "The offline demo model cannot be removed.");
        }
        transactions.executeWithoutResult(status -> {
            forget();
            secretOf(id).ifPresent(secret -> vault.delete(WorkspaceId.INSTALLATION, secret));
            jdbc.sql("DELETE FROM model_providers WHERE provider_id = :id").param("id", id).update();
            audit.record(AuditEvent.installation(actor.person(), "model_provider.removed").on("model_provider", id));
            events.publishEvent(new dev.custos.privacy.SubProcessorChange(current.label(),
                    "no longer used as a model provider"));
        });
        forget();
        adapters.remove(id);
    }

    /** The adapter that speaks to this provider, with its key unsealed in memory only. */
    ModelProvider adapter(ProviderEntry entry) {
        Adapter cached = adapters.get(entry.id());
        if (cached != null && cached.version().equals(entry.updatedAt())) {
            return cached.provider();
        }
        ModelProvider provider = build(entry);
        adapters.put(entry.id(), new Adapter(entry.updatedAt(), provider));
        return provider;
    }

    private ModelProvider build(ProviderEntry entry) {
        if (entry.offline()) {
            return ScriptedProvider.demo();
        }
        // Opened once per adapter (per provider version and node), and audited as such.
        String apiKey = secretOf(entry.id())
                .map(secret -> vault.open(WorkspaceId.INSTALLATION, secret, null, "model_calls")).orElse(null);
        URI baseUrl = URI.create(java.util.Objects.requireNonNull(entry.baseUrl()));
        if (entry.kind() == ProviderKind.ANTHROPIC) {
            return new AnthropicProvider(baseUrl, apiKey == null ? "" : apiKey, http, json, properties.timeout());
        }
        return new OpenAiCompatibleProvider(baseUrl, apiKey, http, json, properties.timeout(),
                entry.kind().retentionControls());
    }

    private void requireAdmin(Actor actor) {
        accounts.requireInstallationAdmin(actor, "Only installation administrators manage model providers.");
    }

    private static void check(Registration registration) {
        if (!registration.name().matches("[a-z0-9][a-z0-9-]{0,39}")) {
            throw CustosException.invalid("invalid-provider-name",
                    "name must be lower-case letters, digits and dashes, at most 40.");
        }
        if (registration.kind() == ProviderKind.SCRIPTED) {
            throw CustosException.invalid("unknown-provider-kind", "The offline model is built in; it is not registered.");
        }
        String baseUrl = registration.baseUrl();
        URI uri;
        try {
            uri = baseUrl == null ? null : new URI(baseUrl);
        } catch (java.net.URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null
                || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
            throw CustosException.invalid("invalid-base-url", "baseUrl must be an http(s) URL, e.g. "
                    + "https://api.example.com/v1.");
        }
        if (registration.models().isEmpty() || registration.models().stream()
                .anyMatch(model -> model.isBlank() || model.length() > 200)) {
            throw CustosException.invalid("invalid-models", "List at least one model by its provider's name for it.");
        }
    }

    private CredentialVault.Stored replaceKey(UUID provider, String apiKey) {
        return secretOf(provider).map(secret -> vault.replace(WorkspaceId.INSTALLATION, secret, apiKey))
                .orElseGet(() -> vault.store(WorkspaceId.INSTALLATION, KEY_PURPOSE, apiKey));
    }

    private Optional<UUID> secretOf(UUID provider) {
        return jdbc.sql("SELECT api_key_secret FROM model_providers WHERE provider_id = :id").param("id", provider)
                .query((rs, n) -> rs.getObject(1, UUID.class)).optional();
    }

    /**
     * Earlier versions sealed provider keys under the master key in {@code api_key_sealed}; each is moved into the
     * credential vault at start, in one transaction per provider, and the old column emptied.
     */
    @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationStartedEvent.class)
    void moveKeysIntoTheVault() {
        List<UUID> legacy = jdbc.sql("SELECT provider_id FROM model_providers WHERE api_key_sealed IS NOT NULL")
                .query(UUID.class).list();
        for (UUID provider : legacy) {
            transactions.executeWithoutResult(status -> {
                byte[] sealed = jdbc.sql("SELECT api_key_sealed FROM model_providers WHERE provider_id = :id FOR UPDATE")
                        .param("id", provider).query((rs, n) -> rs.getBytes(1)).single();
                if (sealed == null) {
                    return;
                }
                var key = vault.store(WorkspaceId.INSTALLATION, KEY_PURPOSE,
                        seal.openInstallationSecret(sealed, legacyKeyContext(provider)));
                jdbc.sql("UPDATE model_providers SET api_key_secret = :secret, api_key_sealed = NULL WHERE provider_id = :id")
                        .param("secret", key.id()).param("id", provider).update();
            });
        }
        if (!legacy.isEmpty()) {
            forget();
            adapters.clear();
        }
    }

    private static String legacyKeyContext(UUID providerId) {
        return "model-provider-key|" + providerId + "|" + WorkspaceId.INSTALLATION;
    }

    private static ProviderEntry entry(ResultSet rs, int row) throws SQLException {
        Array models = rs.getArray("models");
        return new ProviderEntry(rs.getObject("provider_id", UUID.class), rs.getString("name"), rs.getString("label"),
                ProviderKind.of(rs.getString("kind")), rs.getString("base_url"), rs.getString("api_key_hint"),
                rs.getString("region"), rs.getBoolean("zero_retention"), rs.getBoolean("may_train"),
                List.of((String[]) models.getArray()), SqlTime.instant(rs, "created_at"),
                SqlTime.instant(rs, "updated_at"));
    }
}
