package dev.custos.platform.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;

/**
 * The PostgreSQL server Custos runs for itself when it is given none by URL, set up as a production server would be:
 * every commit flushed to disk before it is acknowledged, every role signing in with a SCRAM password that only this
 * OS user can read, nothing listening but the loopback address, and nothing but Custos's own roles let in.
 *
 * <p>A server left running by a Custos that was killed (its {@code postmaster.pid} names a live process working in
 * this data directory) is shut down cleanly before a new one starts; a file lock beside the data directory tells
 * such an orphan apart from a server another running Custos still uses.
 */
final class EmbeddedPostgres implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);
    private static final Pattern ROLE = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    /** Generated role passwords live here, inside the data directory, readable by the owner alone. */
    static final String PASSWORDS = DataDirectory.PASSWORDS;
    static final String KEYS_DATABASE = "custos_keys";
    static final String DATABASE = "custos";

    /**
     * What the embedded server needs to know.
     *
     * @param durable       flush every commit to disk (fsync, synchronous commit, full page writes); only tests
     *                      that accept losing data on a crash turn it off, for speed
     * @param sharedBuffers PostgreSQL's {@code shared_buffers}
     */
    record Settings(Path dataDirectory, Path binariesDirectory, int port, boolean durable, boolean cleanOnStart,
                    String superuser, String appRole, int maxConnections, String sharedBuffers) {
    }

    private final PostgresPrograms programs;
    private final int port;
    private final DatabaseRole superuser;
    private final DatabaseRole app;
    /** Held open while the server runs: its lock tells a running Custos's server from an orphan. */
    private final FileChannel lockFile;

    private EmbeddedPostgres(PostgresPrograms programs, int port, DatabaseRole superuser, DatabaseRole app,
                             FileChannel lockFile) {
        this.programs = programs;
        this.port = port;
        this.superuser = superuser;
        this.app = app;
        this.lockFile = lockFile;
    }

    static EmbeddedPostgres start(Settings settings) {
        requireRoleName(settings.superuser());
        requireRoleName(settings.appRole());
        Path data = settings.dataDirectory().toAbsolutePath().normalize();
        FileChannel lockFile = null;
        try {
            OwnerOnly.createIfMissing(data.getParent());
            Path lockPath = data.resolveSibling(data.getFileName() + ".lock");
            lockFile = FileChannel.open(lockPath, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.setPosixFilePermissions(lockPath, PosixFilePermissions.fromString("rw-------"));
            tryLock(lockFile, data);
            Path installation = PostgresBinaries.unpacked(settings.binariesDirectory()).toRealPath();
            data = data.getParent().toRealPath().resolve(data.getFileName());
            var programs = new PostgresPrograms(installation, data);
            if (Files.exists(data.resolve("postmaster.pid"))) {
                programs.stopOrphans();
            }
            if (settings.cleanOnStart()) {
                FileSystemUtils.deleteRecursively(data);
            }
            if (!Files.exists(data.resolve("PG_VERSION"))) {
                DataDirectory.initialize(programs, data, settings.superuser());
            }
            OwnerOnly.requireOwned(data);
            OwnerOnly.set700(data);
            DatabaseRole superuser = new DatabaseRole(settings.superuser(),
                    DataDirectory.superuserPassword(programs, data, settings.superuser()));
            DatabaseRole app = new DatabaseRole(settings.appRole(), DataDirectory.rolePassword(data, settings.appRole()));
            Files.writeString(data.resolve("pg_hba.conf"), clientAuthentication(superuser, app), StandardCharsets.UTF_8);
            int port = settings.port() == 0 ? freePort() : settings.port();
            programs.start(options(settings, port));
            var server = new EmbeddedPostgres(programs, port, superuser, app, lockFile);
            try {
                server.prepareRolesAndDatabases();
            } catch (RuntimeException e) {
                programs.stop(Duration.ofSeconds(30));
                throw e;
            }
            log.info("Embedded PostgreSQL is up on 127.0.0.1:{} with data in {}{}", port, data,
                    settings.durable() ? "" : " (not durable: commits are not flushed to disk)");
            return server;
        } catch (IOException | RuntimeException e) {
            closeQuietly(lockFile);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + data, io);
            }
            throw (RuntimeException) e;
        }
    }

    private static void tryLock(FileChannel lockFile, Path data) throws IOException {
        FileLock lock;
        try {
            lock = lockFile.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new IllegalStateException("Another running Custos uses the database in " + data
                    + "; stop it first, or give this one another custos.database.data-directory");
        }
    }

    /** pg_hba.conf, rewritten at every start: Custos's roles, by SCRAM password, over loopback; nobody else. */
    static String clientAuthentication(DatabaseRole superuser, DatabaseRole app) {
        return """
                # Written by Custos at every start; edits here are lost. Only Custos's own roles may connect, over
                # the loopback address, with their SCRAM passwords (kept in %s/, readable by the owner alone).
                # TYPE  DATABASE                 USER  ADDRESS       METHOD
                host    postgres,%s,%s  %s    127.0.0.1/32  scram-sha-256
                host    %s,%s           %s    127.0.0.1/32  scram-sha-256
                """.formatted(PASSWORDS, DATABASE, KEYS_DATABASE, superuser.username(), DATABASE, KEYS_DATABASE,
                app.username());
    }

    private static List<String> options(Settings settings, int port) {
        String durable = settings.durable() ? "on" : "off";
        return List.of(
                "listen_addresses=127.0.0.1",
                "port=" + port,
                // no Unix socket: its folder would be one more place to secure, and JDBC does not use it
                "unix_socket_directories=''",
                "password_encryption=scram-sha-256",
                "fsync=" + durable,
                "synchronous_commit=" + durable,
                "full_page_writes=" + durable,
                "max_connections=" + settings.maxConnections(),
                // Sized for the machine: with PostgreSQL's default of 128 MB, a knowledge base of 100,000 passages
                // is read from the OS on every search (docs/benchmarks.md).
                "shared_buffers=" + settings.sharedBuffers(),
                "timezone=UTC");
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Gives the application role its password (creating the role if this is a new server) and the databases. */
    private void prepareRolesAndDatabases() {
        try (Connection connection = connect("postgres", superuser); var statement = connection.createStatement()) {
            var exists = statement.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + app.username() + "'");
            statement.execute(exists.next()
                    ? "ALTER ROLE " + app.username() + " PASSWORD '" + app.password() + "'"
                    : "CREATE ROLE " + app.username() + " LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE "
                    + "PASSWORD '" + app.password() + "'");
            for (String database : List.of(DATABASE, KEYS_DATABASE)) {
                if (!statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'").next()) {
                    statement.execute("CREATE DATABASE " + database);
                }
            }
        } catch (SQLException e) {
            // the state alone: a message of the driver could quote the statement, and with it a password
            throw new IllegalStateException("Could not prepare the embedded database's roles (SQL state "
                    + e.getSQLState() + ")");
        }
    }

    private Connection connect(String database, DatabaseRole role) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), role.username(), role.password());
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    DatabaseRole superuser() {
        return superuser;
    }

    DatabaseRole app() {
        return app;
    }

    private static void requireRoleName(String role) {
        if (!ROLE.matcher(role).matches()) {
            throw new IllegalArgumentException("The embedded database's role names are lower-case letters, digits "
                    + "and underscores; '" + role + "' is not one");
        }
    }

    @Override
    public void close() {
        try {
            programs.stop(Duration.ofSeconds(60));
        } finally {
            closeQuietly(lockFile);
        }
    }

    /** The lock goes with its channel. */
    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                log.debug("Closing the data directory's lock file failed", e);
            }
        }
    }
}
