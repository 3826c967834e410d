package dev.custos.platform.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The PostgreSQL server Custos talks to: one it started itself, or one given by URL. */
public final class DatabaseServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DatabaseServer.class);
    private static final String DATABASE = "custos";
    /** The key store's own database, so that a dump of the main one never holds a key. */
    private static final String KEYS_DATABASE = "custos_keys";

    private final String jdbcUrl;
    private final @Nullable EmbeddedPostgres embedded;

    private DatabaseServer(String jdbcUrl, @Nullable EmbeddedPostgres embedded) {
        this.jdbcUrl = jdbcUrl;
        this.embedded = embedded;
    }

    static DatabaseServer connect(DatabaseProperties properties) {
        if (!properties.embedded()) {
            return new DatabaseServer(properties.url(), null);
        }
        try {
            if (properties.cleanOnStart()) {
                // A run that was killed leaves its files (and a stale postmaster.pid) behind: start from nothing.
                org.springframework.util.FileSystemUtils.deleteRecursively(properties.dataDirectory());
            }
            Files.createDirectories(properties.dataDirectory());
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(properties.dataDirectory())
                    .setCleanDataDirectory(properties.cleanOnStart())
                    .setPort(properties.port())
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "200")
                    // Stopped by close() when the application context closes, after everything that uses it;
                    // a JVM hook of its own would stop it in the middle of that shutdown.
                    .setRegisterShutdownHook(false)
                    .start();
            createDatabaseIfMissing(postgres, DATABASE);
            createDatabaseIfMissing(postgres, KEYS_DATABASE);
            log.info("Embedded PostgreSQL is up on port {} with data in {}", postgres.getPort(),
                    properties.dataDirectory().toAbsolutePath().normalize());
            // No user in the URL: each pool names its own role (a user in the URL would override it).
            return new DatabaseServer("jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE, postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start embedded PostgreSQL in " + properties.dataDirectory(), e);
        }
    }

    private static void createDatabaseIfMissing(EmbeddedPostgres postgres, String database) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             var exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            if (!exists.executeQuery().next()) {
                try (var create = connection.createStatement()) {
                    create.execute("CREATE DATABASE " + database);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the " + database + " database", e);
        }
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /**
     * The key store's database on the embedded server, or null for an external server (whose administrator
     * names one in {@code custos.keys.database-url}).
     */
    public @Nullable String embeddedKeysJdbcUrl() {
        return embedded == null ? null
                : "jdbc:postgresql://localhost:" + embedded.getPort() + "/" + KEYS_DATABASE;
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    @Override
    public void close() throws IOException {
        if (embedded != null) {
            embedded.close();
        }
    }
}
