package dev.custos.bench;

import java.io.OutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

import dev.custos.CustosApplication;
import dev.custos.backup.Backups;
import dev.custos.backup.RestoreCommand;
import org.postgresql.PGConnection;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;

/**
 * Backup and restore per million rows: a workspace with that many usage rows and a tenth as many session events,
 * backed up ({@code Backups.takeNow}: one snapshot, COPY, zip, AES-GCM) against a plain {@code COPY} of the same
 * tables to nowhere, then restored into a new embedded database with {@code custos-server restore}. Not a test: run
 * by hand (docs/benchmarks.md). Argument: millions of usage rows (default 1).
 */
public final class BackupRestore {

    private static final String PASSWORD = "a-long-enough-passphrase";

    private BackupRestore() {
    }

    public static void main(String[] args) throws Exception {
        int millions = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        Path backups = Path.of("target/bench-backup-files").toAbsolutePath();
        FileSystemUtils.deleteRecursively(backups);
        try (ConfigurableApplicationContext custos = BenchCustos.start("backup",
                "--custos.backup.directory=" + backups, "--custos.backup.schedule=-",
                "--custos.backup.keys-schedule=-")) {
            DataSource owner = custos.getBean("ownerDataSource", DataSource.class);
            JdbcClient sql = JdbcClient.create(owner);
            ApiSession person = ApiSession.signedUp(custos, "backed-up@example.com", "Backed Up", PASSWORD);
            UUID workspace = person.createWorkspace("Bench");
            UUID session = person.sessionWithDemoAgent(workspace);

            long started = System.nanoTime();
            BenchRows.seed(sql, workspace, person.personId(), session, millions * 1_000_000L, millions * 100_000L);
            System.out.printf("machine: %d cores, Java %s; setup %.1f s%n", Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"), (System.nanoTime() - started) / 1e9);

            started = System.nanoTime();
            long copied = 0;
            try (Connection connection = owner.getConnection()) {
                var copy = connection.unwrap(PGConnection.class).getCopyAPI();
                for (String table : List.of("usage_records", "session_events")) {
                    copied += copy.copyOut("COPY (SELECT * FROM " + table + ") TO STDOUT",
                            OutputStream.nullOutputStream());
                }
            }
            double copySeconds = (System.nanoTime() - started) / 1e9;

            started = System.nanoTime();
            Backups.Taken taken = custos.getBean(Backups.class).takeNow();
            double backupSeconds = (System.nanoTime() - started) / 1e9;
            Path database = backups.resolve(taken.database().name());
            Path keys = backups.resolve(taken.keys().name());
            System.out.printf("backup: %,d rows, %,d bytes, %.2f s (%.2f s per million rows); plain COPY of the "
                            + "two big tables (%,d rows) to nowhere: %.2f s; ratio %.1f%n", taken.rows(),
                    taken.database().bytes(), backupSeconds, backupSeconds / (taken.rows() / 1e6), copied,
                    copySeconds, backupSeconds / copySeconds);

            started = System.nanoTime();
            int exit = RestoreCommand.run(CustosApplication.class, new String[] {"restore", database.toString(),
                    keys.toString(), "--custos.database.data-directory=target/bench-restored-postgres",
                    "--custos.database.clean-on-start=true",
                    "--custos.keys.master-key-file=target/bench-backup-keys/master-key.json",
                    "--logging.level.root=WARN"});
            double restoreSeconds = (System.nanoTime() - started) / 1e9;
            // What the restore's own start and stop cost: a fresh embedded database, migrated, nothing loaded.
            started = System.nanoTime();
            try (var empty = new org.springframework.boot.SpringApplication(CustosApplication.class).run(
                    "--server.port=-1", "--custos.database.data-directory=target/bench-empty-postgres",
                    "--custos.database.clean-on-start=true", "--custos.backup.schedule=-",
                    "--custos.backup.keys-schedule=-", "--custos.backup.directory=target/bench-empty-backups",
                    "--custos.keys.master-key-file=target/bench-backup-keys/master-key.json",
                    "--logging.level.root=WARN")) {
                empty.getId();
            }
            double emptySeconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("restore (exit %d): %.2f s; a start and stop with nothing to load: %.2f s; so loading "
                            + "%.2f s (%.2f s per million rows)%n", exit, restoreSeconds, emptySeconds,
                    restoreSeconds - emptySeconds, (restoreSeconds - emptySeconds) / (taken.rows() / 1e6));
        }
    }
}
