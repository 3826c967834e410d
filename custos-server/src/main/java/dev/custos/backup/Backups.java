package dev.custos.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.keys.BackupEncryption;
import dev.custos.keys.KeyStoreBackups;
import dev.custos.platform.ClusterJobs;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.database.TableDump;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Makes, lists and expires backups. A database backup is always followed by a key store backup, so the newest key
 * store backup opens every database backup kept; the key store is also backed up on its own schedule and kept for
 * less time, which is what makes an erasure reach every backup (RT-05).
 */
@Component
public class Backups {

    private static final Logger log = LoggerFactory.getLogger(Backups.class);
    /** What a database backup is bound to (its associated data). */
    static final String DATABASE_KIND = "database";
    /** Sign-in sessions are not restored: after a restore everyone signs in again. */
    private static final Set<String> LEFT_OUT = Set.of("http_sessions", "http_session_attributes");

    /** A backup made now: the database's (if asked) and the key store's that follows it. */
    public record Taken(BackupFile database, long rows, BackupFile keys) {
    }

    private final DataSource owner;
    private final BackupEncryption encryption;
    private final KeyStoreBackups keyStore;
    private final BackupFiles files;
    private final BackupProperties properties;
    private final ClusterJobs jobs;
    private final AuditLog audit;
    private final Clock clock;

    Backups(@Qualifier("ownerDataSource") DataSource owner, BackupEncryption encryption, KeyStoreBackups keyStore,
            BackupProperties properties, ClusterJobs jobs, AuditLog audit, Clock clock) {
        this.owner = owner;
        this.encryption = encryption;
        this.keyStore = keyStore;
        this.files = new BackupFiles(properties.directory());
        this.properties = properties;
        this.jobs = jobs;
        this.audit = audit;
        this.clock = clock;
    }

    /** Backs up the database, then the key store. */
    public Taken takeNow() {
        try {
            long[] rows = new long[1];
            var database = files.write(BackupFile.Kind.DATABASE, clock.instant(), out -> rows[0] = dump(out));
            var keys = takeKeyStore();
            audit.record(AuditEvent.system(WorkspaceId.INSTALLATION, "backup.taken")
                    .with("database", database.name()).with("keys", keys.name())
                    .with("rows", String.valueOf(rows[0])));
            log.info("Backed up the database ({} rows, {} bytes) and the key store to {}", rows[0],
                    database.bytes(), files.directory());
            return new Taken(database, rows[0], keys);
        } catch (IOException e) {
            throw new BackupFailed("The backup could not be written to " + files.directory() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Backs up the key store alone. */
    public BackupFile takeKeyStore() throws IOException {
        return files.write(BackupFile.Kind.KEY_STORE, clock.instant(), keyStore::write);
    }

    /** The backups kept, newest first. */
    public List<BackupFile> list() {
        return files.list();
    }

    /** Deletes what has been kept long enough; returns what went. */
    public List<BackupFile> expire() {
        return expire(clock.instant());
    }

    List<BackupFile> expire(java.time.Instant now) {
        try {
            var expired = files.expire(now, properties.keep(), properties.keysKeep());
            if (!expired.isEmpty()) {
                audit.record(AuditEvent.system(WorkspaceId.INSTALLATION, "backup.expired")
                        .with("files", String.valueOf(expired.size())));
            }
            return expired;
        } catch (IOException e) {
            throw new BackupFailed("Expired backups could not be deleted from " + files.directory(), e);
        }
    }

    @Scheduled(cron = "${custos.backup.schedule:0 0 3 * * *}", zone = "UTC")
    void scheduledBackup() {
        jobs.runAlone("backup", this::takeNow);
    }

    @Scheduled(cron = "${custos.backup.keys-schedule:0 30 */6 * * *}", zone = "UTC")
    void scheduledKeyStoreBackup() {
        jobs.runAlone("backup-keys", () -> {
            try {
                return takeKeyStore();
            } catch (IOException e) {
                throw new BackupFailed("The key store backup could not be written", e);
            }
        });
    }

    @Scheduled(fixedDelayString = "1h", initialDelayString = "1m")
    void scheduledExpiry() {
        jobs.runAlone("backup-expiry", this::expire);
    }

    private long dump(OutputStream out) throws IOException {
        try (OutputStream encrypted = encryption.encrypting(out, DATABASE_KIND);
             Connection connection = owner.getConnection()) {
            return TableDump.write(connection, encrypted, "flyway_schema_history", LEFT_OUT, clock.instant()).rows();
        } catch (SQLException e) {
            throw new IOException("the database could not be read (" + e.getSQLState() + ")", e);
        }
    }

    /** A backup that could not be made; says where and why, never what the data held. */
    public static class BackupFailed extends RuntimeException {
        BackupFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
