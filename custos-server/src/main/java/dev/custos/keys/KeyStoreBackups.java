package dev.custos.keys;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.SQLException;

import dev.custos.platform.database.TableDump;
import org.springframework.stereotype.Component;

/**
 * Backups of the key store, made on their own schedule and kept for a shorter time than the database's: a person's
 * erasure destroys their keys here, so once the last key store backup from before it expires, their content in every
 * database backup stays sealed for good. Restored at start by {@link KeyStore} ({@code custos.restore.keys}).
 */
@Component
public class KeyStoreBackups {

    /** What a key store backup is bound to, so that it cannot pass for a database backup. */
    public static final String KIND = KeyStore.BACKUP_KIND;

    private final KeyStore store;
    private final BackupEncryption encryption;

    KeyStoreBackups(KeyStore store, BackupEncryption encryption) {
        this.store = store;
        this.encryption = encryption;
    }

    /** Writes an encrypted backup of every key to {@code out}, and closes it. */
    public TableDump.Contents write(OutputStream out) throws IOException {
        try (OutputStream encrypted = encryption.encrypting(out, KIND)) {
            return store.dump(encrypted);
        } catch (SQLException e) {
            throw new IOException("The key store could not be read for a backup (" + e.getSQLState() + ").", e);
        }
    }
}
