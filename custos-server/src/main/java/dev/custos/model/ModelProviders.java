package dev.custos.model;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.identity.Accounts;
import dev.custos.identity.Actor;
import dev.custos.keys.CredentialVault;
import dev.custos.platform.ProviderId;
import dev.custos.platform.SqlTime;
import dev.custos.platform.web.CustosException;
import dev.custos.privacy.SubProcessors;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The installation's provider registry. Installation administrators register providers with their API keys
 * (kept in the credential vault, never shown again); everyone else sees the entries without keys. Hands out a
 * ready adapter per provider, rebuilt whenever its entry changes.
 */
@Service
public class ModelProviders {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ProviderKeys keys;
    private final ProviderAdapters adapters;
    private final Accounts accounts;
    private final AuditLog audit;
    private final Clock clock;
    private final SubProcessors subProcessors;

    private record Snapshot(long readAt, List<ProviderEntry> entries) {
    }

    private static final long SNAPSHOT_MILLIS = 5_000;
    private volatile @Nullable Snapshot snapshot;
    /** Moves on with every committed change, so that a read begun before the change is not kept after it. */
    private final AtomicLong generation = new AtomicLong();

    ModelProviders(JdbcClient jdbc, TransactionTemplate transactions, ProviderKeys keys, ProviderAdapters adapters,
                   Accounts accounts, AuditLog audit, Clock clock, SubProcessors subProcessors) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.keys = keys;
        this.adapters = adapters;
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
        this.subProcessors = subProcessors;
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

    public Optional<ProviderEntry> find(ProviderId id) {
        return list().stream().filter(entry -> entry.id().equals(id.id())).findFirst();
    }

    public Optional<ProviderEntry> findByName(String name) {
        return list().stream().filter(entry -> entry.name().equals(name)).findFirst();
    }

    /** A model named {@code provider/model}, if the provider is registered (whether it lists the model or not). */
    Optional<ModelChoice> choice(String id) {
        int slash = id.indexOf('/');
        return slash <= 0 ? Optional.empty() : findByName(id.substring(0, slash))
                .map(provider -> new ModelChoice(id, provider, id.substring(slash + 1)));
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

    public ProviderEntry register(Actor actor, ProviderRegistration registration) {
        requireAdmin(actor);
        registration.check();
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
            CredentialVault.Stored key = registration.apiKey() == null ? null : keys.store(registration.apiKey());
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
            subProcessors.announce(registration.label(), "added as a model provider (" + registration.region()
                    + ", " + (registration.zeroRetention() ? "keeps nothing" : "may keep content") + ")");
            return read(id);
        });
    }

    public ProviderEntry update(Actor actor, ProviderId id, ProviderRegistration registration) {
        requireAdmin(actor);
        registration.check();
        ProviderEntry current = find(id).orElseThrow(() -> CustosException.notFound("Model provider"));
        if (current.offline()) {
            throw CustosException.invalid("offline-provider-fixed", "The offline demo model cannot be changed.");
        }
        return transactions.execute(status -> {
            CredentialVault.Stored key = registration.apiKey() == null ? null
                    : keys.replace(id, registration.apiKey());
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
            return read(id.id());
        });
    }

    public void remove(Actor actor, ProviderId id) {
        requireAdmin(actor);
        ProviderEntry current = find(id).orElseThrow(() -> CustosException.notFound("Model provider"));
        if (current.offline()) {
            throw CustosException.invalid("offline-provider-fixed", "The offline demo model cannot be removed.");
        }
        transactions.executeWithoutResult(status -> {
            forget();
            keys.delete(id);
            jdbc.sql("DELETE FROM model_providers WHERE provider_id = :id").param("id", id).update();
            audit.record(AuditEvent.installation(actor.person(), "model_provider.removed").on("model_provider", id));
            subProcessors.announce(current.label(), "no longer used as a model provider");
        });
        forget();
        adapters.forget(id);
    }

    /** The adapter that speaks to this provider, with its key unsealed in memory only. */
    ModelProvider adapter(ProviderEntry entry) {
        return adapters.of(entry);
    }

    /** The provider's fine-tuning API, if it has one. */
    Optional<FineTuning> fineTuning(ProviderEntry entry) {
        return adapters.fineTuning(entry);
    }

    private void requireAdmin(Actor actor) {
        accounts.requireInstallationAdmin(actor, "Only installation administrators manage model providers.");
    }

    /** Provider keys sealed the old way move into the credential vault at start. */
    @EventListener(ApplicationStartedEvent.class)
    void moveKeysIntoTheVault() {
        if (keys.moveLegacyKeys() > 0) {
            forget();
            adapters.forgetAll();
        }
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
