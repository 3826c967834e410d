package dev.custos.platform.database;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.zip.ZipInputStream;
import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.Configuration;

/**
 * Restores a {@link TableDump} into an empty database: migrates it to the dump's schema version, loads the rows (one
 * transaction), and leaves the later migrations to the caller's usual {@code migrate()}, so a backup made by an older
 * version is brought forward the way that version's own database would have been.
 */
public final class DatabaseRestore {

    private DatabaseRestore() {
    }

    /** Whether no migration has touched the database yet. */
    public static boolean isEmpty(DataSource owner, String historyTable) throws SQLException {
        try (Connection connection = owner.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT to_regclass(?) IS NULL")) {
            query.setString(1, historyTable);
            try (ResultSet row = query.executeQuery()) {
                return row.next() && row.getBoolean(1);
            }
        }
    }

    /** Restores {@code dump} (decrypted) into the empty database {@code flyway} is configured for. */
    public static TableDump.Contents intoEmpty(Configuration flyway, InputStream dump, String what)
            throws SQLException, IOException {
        if (!isEmpty(flyway.getDataSource(), flyway.getTable())) {
            throw new IllegalStateException("The " + what + " is not empty: a backup is restored into a new, empty "
                    + "database only, so that nothing of it is overwritten or mixed in.");
        }
        var zip = new ZipInputStream(dump);
        TableDump.Header header = TableDump.header(zip);
        Flyway.configure(flyway.getClassLoader()).configuration(flyway).target(header.schemaVersion()).load()
                .migrate();
        try (Connection owner = flyway.getDataSource().getConnection()) {
            return TableDump.load(owner, zip, header);
        } catch (SQLException | IOException | RuntimeException e) {
            // PostgreSQL's own message may quote a row; only ours (counts, a cut-short file) are repeated here
            String why = e instanceof IOException ? e.getMessage() : "The database refused a row (" + e.getClass()
                    .getSimpleName() + ").";
            throw new IllegalStateException("The " + what + " backup could not be loaded, and nothing of it was kept "
                    + "(the database now holds the empty schema: restore again into a new, empty database). " + why);
        }
    }
}
