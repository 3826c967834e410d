package dev.custos.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.sql.SQLException;

import dev.custos.keys.BackupEncryption;
import dev.custos.platform.database.DatabaseRestore;
import dev.custos.platform.database.RestoreProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.stereotype.Component;

/**
 * Migrates the main database at start, restoring it first from {@code custos.restore.database} when that is set:
 * only into an empty database, and only whole (see {@link DatabaseRestore}). The key store restores itself the same
 * way from {@code custos.restore.keys}.
 */
@Component
class BackupRestore implements FlywayMigrationStrategy {

    private static final Logger log = LoggerFactory.getLogger(BackupRestore.class);

    private final RestoreProperties restore;
    private final BackupEncryption encryption;

    BackupRestore(RestoreProperties restore, BackupEncryption encryption) {
        this.restore = restore;
        this.encryption = encryption;
    }

    @Override
    public void migrate(org.flywaydb.core.Flyway flyway) {
        if (restore.database() != null) {
            var backup = restore.database();
            try (InputStream in = encryption.decrypting(Files.newInputStream(backup), Backups.DATABASE_KIND)) {
                var restored = DatabaseRestore.intoEmpty(flyway.getConfiguration(), in, "database");
                log.info("Restored the database from {}: {} rows in {} tables, taken at {}.", backup.getFileName(),
                        restored.rows(), restored.tables().size(), restored.takenAt());
            } catch (IOException | SQLException e) {
                throw new IllegalStateException("The database backup " + backup.getFileName() + " could not be "
                        + "restored: " + e.getMessage(), e);
            }
        }
        flyway.migrate();
    }
}
