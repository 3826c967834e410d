package dev.custos.keys;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.custos.platform.SqlTime;
import dev.custos.platform.database.DatabaseProperties;
import dev.custos.platform.database.DatabaseServer;
import dev.custos.platform.database.RestoreProperties;
import dev.custos.platform.database.TableDump;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wrapped keysets, one per (workspace, subject), in the key store's own database. Only this class touches it.
 * It has no row-level security: no workspace context reaches it, every row is useless without the master key,
 * and the only queries are this class's, by primary key.
 */
@Component
class KeyStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KeyStore.class);

    record StoredKey(UUID workspace, UUID subject, String keyset) {
    }

    static final String HISTORY = "keys_schema_history";
    static final String BACKUP_KIND = "key store";

    private final HikariDataSource pool;
    /** The owner's connections, unpooled: migrations, backups and restores only. */
    private final DataSource owner;
    private final JdbcClient jdbc;
    private final Clock clock;

    /** Takes the main database's JdbcClient only so that its migrations have run before the move below. */
    KeyStore(KeysProperties properties, DatabaseServer server, DatabaseProperties database,
             @Qualifier("ownerDataSource") DataSource mainOwner, JdbcClient mainMigrated, Clock clock,
             RestoreProperties restore, BackupEncryption encryption) {
        this.clock = clock;
        String url = properties.databaseUrl() != null && !properties.databaseUrl().isBlank()
                ? properties.databaseUrl() : server.embeddedKeysJdbcUrl();
        if (url == null) {
            url = server.jdbcUrl();
            log.warn("custos.keys.database-url is not set: keys are kept in the main database, so its dumps and "
                    + "backups hold (wrapped) keys. Give the key store a database of its own.");
        }
        var migrations = Flyway.configure().dataSource(url, server.owner().username(), server.owner().password())
                .locations("classpath:db/keys").table(HISTORY).baselineOnMigrate(true)
                .placeholders(Map.of("app_role", server.app().username()));
        this.owner = migrations.getDataSource();
        if (restore.keys() != null) {
            KeyStoreRestore.restore(migrations, restore.keys(), encryption);
        }
        migrations.load().migrate();
        pool = new HikariDataSource();
        pool.setPoolName("custos-keys");
        pool.setJdbcUrl(url);
        pool.setUsername(server.app().username());
        pool.setPassword(server.app().password());
        pool.setMaximumPoolSize(Math.max(2, database.poolSize() / 4));
        jdbc = JdbcClient.create(pool);
        moveKeysOutOfTheMainDatabase(mainOwner);
    }

    Optional<String> find(UUID workspace, UUID subject) {
        return jdbc.sql("SELECT keyset FROM subject_keys WHERE workspace_id = :w AND subject_id = :s")
                .param("w", workspace).param("s", subject).query(String.class).optional();
    }

    /** Stores a new keyset unless another node stored one first; returns the one that counts. */
    String insertIfAbsent(UUID workspace, UUID subject, String keyset) {
        if (shredded(subject)) {
            throw new IllegalStateException("The subject's keys were destroyed; nothing more is sealed for them");
        }
        jdbc.sql("""
                INSERT INTO subject_keys (workspace_id, subject_id, keyset, created_at)
                VALUES (:w, :s, :k, :now) ON CONFLICT DO NOTHING""")
                .param("w", workspace).param("s", subject).param("k", keyset)
                .param("now", SqlTime.of(clock.instant())).update();
        return find(workspace, subject).orElseThrow();
    }

    boolean shredded(UUID subject) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM shredded_subjects WHERE subject_id = :s)")
                .param("s", subject).query(Boolean.class).single();
    }

    /** Destroys every key of a subject, in every workspace, and remembers that it did. Returns how many. */
    int destroy(UUID subject) {
        return destroy(subject, Set.of());
    }

    /**
     * Destroys a subject's keys in every workspace but those named (a legal hold keeps what is sealed there
     * readable), and remembers that it did: nothing new is sealed for them anywhere. Returns how many.
     */
    int destroy(UUID subject, Set<UUID> keptWorkspaces) {
        var transactions = new TransactionTemplate(new JdbcTransactionManager(pool));
        return transactions.execute(status -> {
            jdbc.sql("INSERT INTO shredded_subjects (subject_id, shredded_at) VALUES (:s, :now) ON CONFLICT DO NOTHING")
                    .param("s", subject).param("now", SqlTime.of(clock.instant())).update();
            return jdbc.sql("DELETE FROM subject_keys WHERE subject_id = :s AND NOT (workspace_id = ANY(:kept))")
                    .param("s", subject).param("kept", keptWorkspaces.toArray(UUID[]::new)).update();
        });
    }

    /** Destroys every key of a workspace (it is being deleted). Returns how many. */
    int destroyWorkspace(UUID workspace) {
        return jdbc.sql("DELETE FROM subject_keys WHERE workspace_id = :w").param("w", workspace).update();
    }

    /** The credential vault's keyset as stored (encrypted by the master key), if one was made. */
    Optional<StoredVaultKeyset> vaultKeyset() {
        return jdbc.sql("SELECT keyset, primary_key_id, primary_since FROM vault_keyset WHERE vault_id = 1")
                .query((rs, n) -> new StoredVaultKeyset(rs.getString(1), rs.getLong(2),
                        Objects.requireNonNull(SqlTime.instant(rs, "primary_since"))))
                .optional();
    }

    /** Stores the first vault keyset unless another node stored one first; returns the one that counts. */
    StoredVaultKeyset insertVaultKeysetIfAbsent(StoredVaultKeyset keyset) {
        jdbc.sql("""
                INSERT INTO vault_keyset (vault_id, keyset, primary_key_id, primary_since, updated_at)
                VALUES (1, :k, :p, :since, :now) ON CONFLICT DO NOTHING""")
                .param("k", keyset.keyset()).param("p", keyset.primaryKeyId())
                .param("since", SqlTime.of(keyset.primarySince())).param("now", SqlTime.of(clock.instant())).update();
        return vaultKeyset().orElseThrow();
    }

    /**
     * Replaces the vault keyset if it is still the one the caller read (two nodes rotating at once: one wins, the
     * other reads again). Returns whether it was replaced.
     */
    boolean replaceVaultKeyset(StoredVaultKeyset expected, StoredVaultKeyset replacement) {
        return jdbc.sql("""
                        UPDATE vault_keyset SET keyset = :k, primary_key_id = :p, primary_since = :since, updated_at = :now
                        WHERE vault_id = 1 AND keyset = :expected""")
                .param("k", replacement.keyset()).param("p", replacement.primaryKeyId())
                .param("since", SqlTime.of(replacement.primarySince())).param("now", SqlTime.of(clock.instant()))
                .param("expected", expected.keyset()).update() == 1;
    }

    /** A checkpoint of an audit chain's head, as kept: the seal says whether it is genuine. */
    record KeptCheckpoint(long seq, String hash, Instant at, byte[] seal) {
    }

    /** Keeps a chain's checkpoint unless a newer one is kept already (nodes checkpoint independently). */
    void keepCheckpoint(UUID chain, long seq, String hash, Instant at, byte[] seal) {
        jdbc.sql("""
                INSERT INTO audit_checkpoints (chain_id, seq, hash, checkpointed_at, seal)
                VALUES (:chain, :seq, :hash, :at, :seal)
                ON CONFLICT (chain_id) DO UPDATE SET seq = :seq, hash = :hash, checkpointed_at = :at, seal = :seal
                WHERE audit_checkpoints.seq < :seq""")
                .param("chain", chain).param("seq", seq).param("hash", hash).param("at", SqlTime.of(at))
                .param("seal", seal).update();
    }

    Optional<KeptCheckpoint> checkpoint(UUID chain) {
        return jdbc.sql("SELECT seq, hash, checkpointed_at, seal FROM audit_checkpoints WHERE chain_id = :chain")
                .param("chain", chain)
                .query((rs, n) -> new KeptCheckpoint(rs.getLong(1), rs.getString(2),
                        Objects.requireNonNull(SqlTime.instant(rs, "checkpointed_at")), rs.getBytes(4)))
                .optional();
    }

    /** The vault keyset as kept: Tink JSON encrypted by the master key, its primary version and since when. */
    record StoredVaultKeyset(String keyset, long primaryKeyId, Instant primarySince) {
        @Override
        public String toString() {
            return "StoredVaultKeyset[primary " + primaryKeyId + "]"; // wrapped, but kept out of logs all the same
        }
    }

    /** Every key of a workspace as stored (wrapped by the master key), by subject: what a region move carries. */
    Map<UUID, String> workspaceKeys(UUID workspace) {
        Map<UUID, String> keys = new java.util.LinkedHashMap<>();
        jdbc.sql("SELECT subject_id, keyset FROM subject_keys WHERE workspace_id = :w ORDER BY subject_id")
                .param("w", workspace).query(rs -> {
                    keys.put(rs.getObject(1, UUID.class), rs.getString(2));
                });
        return keys;
    }

    /** Writes a dump of every key, from one snapshot, to {@code out} (which the caller encrypts). */
    TableDump.Contents dump(OutputStream out) throws SQLException, IOException {
        try (Connection connection = owner.getConnection()) {
            return TableDump.write(connection, out, HISTORY, Set.of(), clock.instant());
        }
    }

    /**
     * Installations from before the key store kept workspace keys in the main database's {@code data_keys}.
     * They are copied here (committed first), then the table is dropped; a crash in between repeats the copy.
     */
    private void moveKeysOutOfTheMainDatabase(DataSource mainOwner) {
        var owner = JdbcClient.create(mainOwner);
        boolean exists = owner.sql("SELECT to_regclass('public.data_keys') IS NOT NULL").query(Boolean.class).single();
        if (!exists) {
            return;
        }
        var transactions = new TransactionTemplate(new JdbcTransactionManager(mainOwner));
        transactions.executeWithoutResult(status -> {
            // The owner is bound by the table's forced row-level security; lifting it is part of this transaction.
            owner.sql("ALTER TABLE data_keys NO FORCE ROW LEVEL SECURITY").update();
            List<StoredKey> keys = owner.sql("SELECT workspace_id, subject_id, keyset FROM data_keys")
                    .query((rs, n) -> new StoredKey(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                            rs.getString(3))).list();
            for (StoredKey key : keys) {
                jdbc.sql("""
                        INSERT INTO subject_keys (workspace_id, subject_id, keyset, created_at)
                        VALUES (:w, :s, :k, :now) ON CONFLICT DO NOTHING""")
                        .param("w", key.workspace()).param("s", key.subject()).param("k", key.keyset())
                        .param("now", SqlTime.of(clock.instant())).update();
            }
            owner.sql("DROP TABLE data_keys").update();
            log.info("Moved {} keys from the main database to the key store", keys.size());
        });
    }

    @Override
    public void close() {
        pool.close();
    }
}
