package dev.custos.platform.database;

import org.jspecify.annotations.Nullable;

/** The PostgreSQL server Custos talks to: one it started itself, or one given by URL, and the roles it uses. */
public final class DatabaseServer implements AutoCloseable {

    private final String jdbcUrl;
    private final DatabaseRole owner;
    private final DatabaseRole app;
    private final @Nullable EmbeddedPostgres embedded;

    private DatabaseServer(String jdbcUrl, DatabaseRole owner, DatabaseRole app, @Nullable EmbeddedPostgres embedded) {
        this.jdbcUrl = jdbcUrl;
        this.owner = owner;
        this.app = app;
        this.embedded = embedded;
    }

    static DatabaseServer connect(DatabaseProperties properties) {
        if (!properties.embedded()) {
            return new DatabaseServer(properties.url(),
                    new DatabaseRole(properties.username(), orEmpty(properties.password())),
                    new DatabaseRole(properties.appUsername(), orEmpty(properties.appPassword())), null);
        }
        var postgres = EmbeddedPostgres.start(new EmbeddedPostgres.Settings(properties.dataDirectory(),
                properties.binariesDirectoryOrDefault(), properties.port(), properties.durable(), properties.cleanOnStart(),
                properties.username(), properties.appUsername(), Math.max(200, properties.poolSize() * 4 + 40),
                properties.sharedBuffersOrDefault()));
        // No user in the URL: each pool names its own role (a user in the URL would override it).
        return new DatabaseServer(postgres.jdbcUrl(EmbeddedPostgres.DATABASE), postgres.superuser(), postgres.app(),
                postgres);
    }

    private static String orEmpty(@Nullable String password) {
        return password == null ? "" : password;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The role that runs migrations and owns the tables (the superuser of the embedded server). */
    public DatabaseRole owner() {
        return owner;
    }

    /** The role requests run as: owns nothing, cannot bypass row-level security. */
    public DatabaseRole app() {
        return app;
    }

    /**
     * The key store's database on the embedded server, or null for an external server (whose administrator
     * names one in {@code custos.keys.database-url}).
     */
    public @Nullable String embeddedKeysJdbcUrl() {
        return embedded == null ? null : embedded.jdbcUrl(EmbeddedPostgres.KEYS_DATABASE);
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
