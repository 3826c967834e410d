package dev.custos.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;

import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Nobody else on the machine gets into the embedded database: every role signs in with a password only Custos's OS
 * user can read, only Custos's roles are let in, and its files are the owner's alone. Breakers: initdb with
 * {@code --auth=trust}, a {@code trust} line in pg_hba.conf, the passwords folder or data directory left readable.
 */
class EmbeddedDatabaseAccessTest extends CustosIntegrationTest {

    private static final Path DATA = Path.of("target/test-postgres");
    private static final int NOBODY = 65534;

    @Test
    @DisplayName("a local connection without the role's password is refused, the superuser's included")
    void passwordsAreRequired() {
        for (String role : List.of("postgres", "custos_app")) {
            assertThatThrownBy(() -> DriverManager.getConnection(database.jdbcUrl(), role, "").close())
                    .as(role + " without a password").isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> DriverManager.getConnection(database.jdbcUrl(), role, "guess").close())
                    .as(role + " with a wrong password").isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28P01"));
        }
    }

    @Test
    @DisplayName("only Custos's roles, over loopback, by SCRAM password, may connect; nothing is trusted")
    void onlyCustosRolesAreLetIn() throws Exception {
        List<String> rules = Files.readAllLines(DATA.resolve("pg_hba.conf")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        assertThat(rules).isNotEmpty().allSatisfy(rule -> assertThat(rule)
                .startsWith("host ").contains(" 127.0.0.1/32 ").endsWith("scram-sha-256"));
        assertThat(String.join("\n", rules)).doesNotContain("trust", "all ");

        String appPassword = database.app().password();
        assertThatThrownBy(() -> DriverManager.getConnection(database.jdbcUrl().replace("/custos", "/postgres"),
                "custos_app", appPassword).close()).as("the application role has no business in other databases")
                .isInstanceOf(SQLException.class);
        try (var owner = DriverManager.getConnection(database.jdbcUrl(), database.owner().username(),
                database.owner().password()); var settings = owner.createStatement().executeQuery("""
                SELECT current_setting('listen_addresses'), current_setting('unix_socket_directories'),
                       current_setting('password_encryption'),
                       (SELECT count(*) FROM pg_authid WHERE rolcanlogin AND rolpassword IS NULL)""")) {
            settings.next();
            assertThat(settings.getString(1)).isEqualTo("127.0.0.1");
            assertThat(settings.getString(2)).as("no Unix socket").isEmpty();
            assertThat(settings.getString(3)).isEqualTo("scram-sha-256");
            assertThat(settings.getLong(4)).as("roles that could sign in without a password").isZero();
        }
    }

    @Test
    @DisplayName("the data directory, the role passwords, the master key and the database programs are the owner's alone")
    void filesAreOwnerOnly() throws IOException {
        assertThat(permissions(DATA)).isEqualTo("rwx------");
        assertThat(permissions(Path.of("target/test-postgres.lock"))).isEqualTo("rw-------");
        assertThat(permissions(DATA.resolve("custos-passwords"))).isEqualTo("rwx------");
        try (Stream<Path> secrets = Files.list(DATA.resolve("custos-passwords"))) {
            assertThat(secrets.toList()).hasSize(2).allSatisfy(secret ->
                    assertThat(permissions(secret)).isEqualTo("rw-------"));
        }
        assertThat(permissions(Path.of("target/test-keys/master-key.json"))).isEqualTo("rw-------");
        Path binaries = Path.of(System.getProperty("user.home"), ".cache", "custos");
        assertThat(permissions(binaries)).isEqualTo("rwx------");
        try (Stream<Path> programs = Files.walk(binaries)) {
            assertThat(programs.filter(path -> !Files.isSymbolicLink(path)).toList()).allSatisfy(path ->
                    assertThat(Files.getPosixFilePermissions(path)).as(path.toString()).doesNotContain(
                            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE,
                            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE));
        }
        long postmaster = Long.parseLong(Files.readAllLines(DATA.resolve("postmaster.pid")).getFirst().strip());
        assertThat(Files.readSymbolicLink(Path.of("/proc", String.valueOf(postmaster), "exe")))
                .as("the server runs the programs unpacked owner-only, not a shared copy under /tmp")
                .startsWith(binaries.toRealPath());
    }

    @Test
    @DisplayName("another OS user can read neither the passwords, nor the master key, nor the data")
    void anotherUserIsLockedOut() throws Exception {
        assumeThat(Files.isExecutable(Path.of("/usr/bin/setpriv"))).isTrue();
        assumeThat((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).as("only root can switch users")
                .isZero();
        for (Path secret : List.of(DATA.resolve("custos-passwords/postgres"), DATA.resolve("custos-passwords/custos_app"),
                DATA.resolve("base"), Path.of("target/test-keys/master-key.json"))) {
            Process attempt = new ProcessBuilder("/usr/bin/setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY,
                    "--clear-groups", "cat", secret.toAbsolutePath().toString()).redirectErrorStream(true).start();
            String output = new String(attempt.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(attempt.waitFor()).as(secret + ": " + output).isNotZero();
            assertThat(output).contains("Permission denied");
        }
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
