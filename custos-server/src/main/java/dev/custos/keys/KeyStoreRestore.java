package dev.custos.keys;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

import dev.custos.platform.database.DatabaseRestore;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Restores the key store from its backup at start, before its migrations run ({@code custos.restore.keys}). */
final class KeyStoreRestore {

    private static final Logger log = LoggerFactory.getLogger(KeyStoreRestore.class);

    private KeyStoreRestore() {
    }

    static void restore(FluentConfiguration migrations, Path backup, BackupEncryption encryption) {
        try (InputStream in = encryption.decrypting(Files.newInputStream(backup), KeyStore.BACKUP_KIND)) {
            var restored = DatabaseRestore.intoEmpty(migrations, in, "key store");
            log.info("Restored the key store from {}: {} rows taken at {}.", backup.getFileName(), restored.rows(),
                    restored.takenAt());
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("The key store backup " + backup.getFileName() + " could not be "
                    + "restored: " + e.getMessage(), e);
        }
    }
}
