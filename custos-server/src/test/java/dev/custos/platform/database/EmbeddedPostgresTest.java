package dev.custos.platform.database;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded server on its own, without the application: upgrades, refusals, one server per directory. */
class EmbeddedPostgresTest {

    private static final Path HOME = Path.of("target/embedded-postgres-test").toAbsolutePath();
    private static final Path BINARIES = Path.of(System.getProperty("user.home"), ".cache", "custos");

    private final Path data = HOME.resolve("data");

    @BeforeEach
    void clean() {
        FileSystemUtils.deleteRecursively(HOME.toFile());
    }

    private EmbeddedPostgres start() {
        return EmbeddedPostgres.start(new EmbeddedPostgres.Settings(data, BINARIES, 0, false, false, "postgres",
                "custos_app", 20, "128MB"));
    }

    @Test
    @DisplayName("a data directory from before passwords (its roles trusted) gets a generated superuser password "
            + "at the next start, and trusts nobody after it")
    void trustedDirectoryIsUpgraded() throws Exception {
        start().close();
        // What an installation made by an earlier Custos looks like: no passwords, every local login trusted.
        Path installation = PostgresBinaries.unpacked(BINARIES).toRealPath();
        new PostgresPrograms(installation, data.toRealPath()).singleUser("ALTER ROLE postgres PASSWORD NULL;");
        FileSystemUtils.deleteRecursively(data.resolve(EmbeddedPostgres.PASSWORDS));
        Files.writeString(data.resolve("pg_hba.conf"), "host all all 127.0.0.1/32 trust\n");

        try (EmbeddedPostgres upgraded = start()) {
            String url = upgraded.jdbcUrl("custos");
            assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "").close())
                    .isInstanceOf(SQLException.class);
            try (var owner = DriverManager.getConnection(url, "postgres", upgraded.superuser().password());
                 var roles = owner.createStatement().executeQuery(
                         "SELECT count(*) FROM pg_authid WHERE rolcanlogin AND rolpassword IS NULL")) {
                roles.next();
                assertThat(roles.getLong(1)).isZero();
            }
            assertThat(Files.readString(data.resolve(EmbeddedPostgres.PASSWORDS).resolve("postgres")).strip())
                    .isEqualTo(upgraded.superuser().password());
        }
    }

    @Test
    @DisplayName("a folder holding other files is never made into a data directory")
    void foreignFolderIsLeftAlone() throws Exception {
        Files.createDirectories(data);
        Files.writeString(data.resolve("notes.txt"), "someone's notes");
        assertThatThrownBy(this::start).hasMessageContaining("will not overwrite it");
        assertThat(data.resolve("notes.txt")).hasContent("someone's notes");
    }

    @Test
    @DisplayName("a second server on a data directory in use is refused, and the first keeps running")
    void oneServerPerDirectory() throws Exception {
        try (EmbeddedPostgres first = start()) {
            assertThatThrownBy(this::start).hasMessageContaining("Another running Custos uses the database");
            try (var connection = DriverManager.getConnection(first.jdbcUrl("custos"), "custos_app",
                    first.app().password())) {
                assertThat(connection.isValid((int) Duration.ofSeconds(5).toSeconds())).isTrue();
            }
        }
    }
}
