package dev.custos.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

import dev.custos.CustosApplication;
import dev.custos.keys.ContentSeal;
import dev.custos.platform.PersonId;
import dev.custos.platform.WorkspaceId;
import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Backups as an operator makes and restores them: encrypted, kept for a bounded time, restored into an empty
 * database, and reached by erasure through the key store's shorter-lived backups (RT-05, the backup half).
 */
@ExtendWith(OutputCaptureExtension.class)
class BackupTest extends CustosIntegrationTest {

    private static final Path RESTORED = Path.of("target/restore-test");

    @Autowired
    private Backups backups;
    @Autowired
    private BackupProperties properties;
    @Autowired
    private ContentSeal seal;

    private record Sealed(UUID session, long seq, byte[] content) {
    }

    @Test
    @Tag("RT-05")
    @DisplayName("a backup taken before an erasure, restored with the key store as backed up since, opens everyone's "
            + "content but the erased person's; the key store backups from before are gone once keys-keep has passed")
    void erasureReachesEveryBackup() throws Exception {
        SignedIn erased = signUp("Backed Up Person");
        UUID workspace = createWorkspace(erased, "Backed up");
        SignedIn colleague = addMember(erased, workspace, "admin", "Backed Up Colleague");
        String agent = erased.client().post("/api/workspaces/" + workspace + "/agents", Map.of("name", "Echo",
                "instructions", "Be brief", "model", "offline/scripted-demo")).text("id");
        UUID mine = sessionId(runSession(erased, workspace, agent, "my secret is OKAPI"));
        UUID theirs = sessionId(runSession(colleague, workspace, agent, "the colleague's is QUOLL"));

        Backups.Taken before = backups.takeNow();
        assertThat(before.rows()).isPositive();
        assertThat(seal.shred(new PersonId(erased.personId()))).isEqualTo(1);
        BackupFile keysSince = backups.takeKeyStore();

        // The key store backup from before the erasure still holds the erased person's key: it must not outlive
        // keys-keep, while the database backup (ciphertext only) is kept for longer.
        var expired = backups.expire(before.keys().takenAt().plus(properties.keysKeep()).plusMillis(1));
        assertThat(expired).extracting(BackupFile::name).contains(before.keys().name())
                .doesNotContain(before.database().name(), keysSince.name());
        assertThat(backups.list()).extracting(BackupFile::name)
                .contains(before.database().name(), keysSince.name()).doesNotContain(before.keys().name());

        FileSystemUtils.deleteRecursively(RESTORED);
        Path directory = properties.directory();
        int exit = RestoreCommand.run(CustosApplication.class, new String[] {"restore",
                directory.resolve(before.database().name()).toString(), directory.resolve(keysSince.name()).toString(),
                "--custos.database.data-directory=" + RESTORED.resolve("postgres"),
                "--custos.database.clean-on-start=true", "--custos.database.durable=false",
                "--custos.keys.master-key-file=target/test-keys/master-key.json"});
        assertThat(exit).isZero();

        try (var restored = new SpringApplicationBuilder(CustosApplication.class)
                .run("--server.port=-1", "--custos.database.data-directory=" + RESTORED.resolve("postgres"),
                        "--custos.database.durable=false", "--custos.backup.schedule=-",
                        "--custos.backup.keys-schedule=-", "--custos.backup.directory=" + RESTORED.resolve("backups"),
                        "--custos.keys.master-key-file=target/test-keys/master-key.json")) {
            var owner = JdbcClient.create(restored.getBean("ownerDataSource", DataSource.class));
            ContentSeal restoredSeal = restored.getBean(ContentSeal.class);
            List<Sealed> erasedContent = sealed(owner, mine);
            List<Sealed> colleagueContent = sealed(owner, theirs);
            assertThat(erasedContent).as("the erased person's content is in the backup, sealed").isNotEmpty();
            for (Sealed copy : erasedContent) {
                assertThatThrownBy(() -> restoredSeal.open(new WorkspaceId(workspace), new PersonId(erased.personId()),
                        copy.content(), "session-event|" + copy.session() + "|" + copy.seq()))
                        .isInstanceOf(ContentSeal.SealBroken.class);
            }
            assertThat(colleagueContent.stream().map(copy -> restoredSeal.open(new WorkspaceId(workspace),
                    new PersonId(colleague.personId()), copy.content(), "session-event|" + copy.session() + "|"
                            + copy.seq()))).anyMatch(text -> text.contains("QUOLL"));
            // What stays readable in a database backup until it expires (keep, at most 90 days): the erased
            // person's account row as it was, email and name included (docs/architecture.md, "Backups").
            assertThat(owner.sql("SELECT email FROM people WHERE person_id = :p").param("p", erased.personId())
                    .query(String.class).single()).isEqualTo(erased.email());
        }
    }

    @Test
    @Tag("RT-05")
    @DisplayName("nothing is kept longer than the promise allows: keep is at most 90 days, the key store's at most "
            + "as long, and expiry deletes each kind when its time is up")
    void backupsAreKeptAtMostNinetyDays(@org.junit.jupiter.api.io.TempDir Path directory) throws IOException {
        assertThatThrownBy(() -> new BackupProperties(directory, "-", "-", Duration.ofDays(91), Duration.ofDays(7)))
                .hasMessageContaining("at most 90 days");
        assertThatThrownBy(() -> new BackupProperties(directory, "-", "-", Duration.ofDays(30), Duration.ofDays(31)))
                .hasMessageContaining("keys-keep");
        assertThat(properties.keep()).isLessThanOrEqualTo(BackupProperties.AT_MOST);
        assertThat(properties.keysKeep()).isLessThan(properties.keep());

        var files = new BackupFiles(directory);
        var start = java.time.Instant.parse("2026-01-01T03:00:00Z");
        var database = files.write(BackupFile.Kind.DATABASE, start, out -> out.write(1));
        var keys = files.write(BackupFile.Kind.KEY_STORE, start, out -> out.write(2));
        assertThat(files.expire(start.plus(Duration.ofDays(7)).minusMillis(1), BackupProperties.AT_MOST,
                Duration.ofDays(7))).isEmpty();
        assertThat(files.expire(start.plus(Duration.ofDays(7)), BackupProperties.AT_MOST, Duration.ofDays(7)))
                .containsExactly(keys);
        assertThat(files.expire(start.plus(BackupProperties.AT_MOST), BackupProperties.AT_MOST, Duration.ofDays(7)))
                .containsExactly(database);
        assertThat(files.list()).isEmpty();
    }

    @Test
    @DisplayName("backups are files only Custos's user reads, listed for installation administrators alone")
    void backupsAreTheAdministratorsAlone() throws IOException {
        SignedIn admin = signUpAsInstallationAdmin("Backup Admin");
        SignedIn owner = signUp("Workspace Owner Not Admin");
        createWorkspace(owner, "Not an installation");
        var made = admin.client().post("/api/admin/backups", Map.of());
        assertThat(made.status()).isEqualTo(201);
        String name = made.json().path("database").path("name").asString();
        Path file = properties.directory().resolve(name);
        assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(Files.readAllBytes(file)).startsWith("CUSTOS-BACKUP-1\n".getBytes());
        assertThat(admin.client().get("/api/admin/backups").body()).contains(name);

        assertThat(owner.client().get("/api/admin/backups").status()).isEqualTo(403);
        assertThat(owner.client().post("/api/admin/backups", Map.of()).status()).isEqualTo(403);
    }

    @Test
    @DisplayName("a restore refuses what it cannot restore whole: missing files, a key store older than the "
            + "database, a file that is no backup, a database that is not empty, which keeps everything it had")
    void restoreRefusesWhatItCannotRestoreWhole(@org.junit.jupiter.api.io.TempDir Path directory,
                                                CapturedOutput output) throws IOException {
        Backups.Taken taken = backups.takeNow();
        Path database = properties.directory().resolve(taken.database().name());
        Path keys = properties.directory().resolve(taken.keys().name());
        assertThat(RestoreCommand.run(CustosApplication.class, new String[] {"restore", database.toString()}))
                .isEqualTo(2);
        assertThat(RestoreCommand.run(CustosApplication.class, new String[] {"restore",
                directory.resolve("custos-database-20260101T000000000Z.backup").toString(), keys.toString()}))
                .isEqualTo(2);
        Path older = Files.copy(keys, directory.resolve("custos-keys-20200101T000000000Z.backup"));
        assertThat(RestoreCommand.run(CustosApplication.class, new String[] {"restore", database.toString(),
                older.toString()})).as("a key store older than the database").isEqualTo(2);

        long people = asOwner().sql("SELECT count(*) FROM people").query(Long.class).single();
        String[] here = {"--custos.database.url=" + this.database.jdbcUrl(),
                "--custos.database.username=" + this.database.owner().username(),
                "--custos.database.password=" + this.database.owner().password(),
                "--custos.database.app-username=" + this.database.app().username(),
                "--custos.database.app-password=" + this.database.app().password(),
                "--custos.keys.database-url=" + this.database.embeddedKeysJdbcUrl(),
                "--custos.keys.master-key-file=target/test-keys/master-key.json"};
        Path notABackup = Files.writeString(directory.resolve("people.csv"),
                "people,email\n");
        assertThat(RestoreCommand.run(CustosApplication.class, concat(new String[] {"restore",
                notABackup.toString(), keys.toString()}, here))).as("not a backup").isEqualTo(1);
        assertThat(RestoreCommand.run(CustosApplication.class, concat(new String[] {"restore",
                database.toString(), keys.toString()}, here))).as("into a database in use").isEqualTo(1);
        assertThat(asOwner().sql("SELECT count(*) FROM people").query(Long.class).single()).isEqualTo(people);
        assertThat(output.getErr()).contains("The restore failed: The database backup people.csv could not be "
                + "restored: This file is not a Custos backup.", "The restore failed: The database is not empty");
    }

    private static String[] concat(String[] first, String[] second) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(first), java.util.Arrays.stream(second))
                .toArray(String[]::new);
    }

    private static UUID sessionId(String location) {
        return UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
    }

    private static List<Sealed> sealed(JdbcClient owner, UUID session) {
        return owner.sql("SELECT session_id, seq, content FROM session_events WHERE session_id = :s "
                        + "AND content IS NOT NULL").param("s", session)
                .query((rs, n) -> new Sealed(rs.getObject(1, UUID.class), rs.getLong(2), rs.getBytes(3))).list();
    }
}
