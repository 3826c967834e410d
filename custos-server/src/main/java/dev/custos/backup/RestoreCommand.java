package dev.custos.backup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * {@code custos-server restore <database backup> <key store backup> [--setting=value...]}: restores both into new,
 * empty databases (the embedded one under {@code ./data}, or those the settings name), then stops. Started again as
 * usual, Custos serves what the backups held; everyone signs in again.
 */
public final class RestoreCommand {

    private RestoreCommand() {
    }

    /** Runs the restore; returns the process's exit status. */
    public static int run(Class<?> application, String[] args) {
        List<String> files = new ArrayList<>();
        List<String> settings = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            (args[i].startsWith("--") ? settings : files).add(args[i]);
        }
        if (files.size() != 2) {
            System.err.println("Usage: custos-server restore <database backup> <key store backup> [--setting=value]");
            System.err.println("The key store backup must be at least as recent as the database backup: the newest.");
            return 2;
        }
        Path database = Path.of(files.get(0));
        Path keys = Path.of(files.get(1));
        for (Path file : List.of(database, keys)) {
            if (!Files.isRegularFile(file)) {
                System.err.println("No such backup: " + file);
                return 2;
            }
        }
        var databaseFile = BackupFiles.parse(database);
        var keysFile = BackupFiles.parse(keys);
        if (databaseFile.isPresent() && keysFile.isPresent()
                && keysFile.get().takenAt().isBefore(databaseFile.get().takenAt())) {
            System.err.println("The key store backup is older than the database backup: keys made in between would "
                    + "be missing. Give the newest key store backup.");
            return 2;
        }
        settings.add("--custos.restore.database=" + database.toAbsolutePath());
        settings.add("--custos.restore.keys=" + keys.toAbsolutePath());
        settings.add("--custos.backup.schedule=-");
        settings.add("--custos.backup.keys-schedule=-");
        settings.add("--server.port=-1"); // the whole application, but listening nowhere while it restores
        try (var context = new SpringApplicationBuilder(application).run(settings.toArray(String[]::new))) {
            System.out.println("Restored " + database.getFileName() + " and " + keys.getFileName()
                    + ". Start Custos as usual; everyone signs in again.");
            return 0;
        } catch (RuntimeException e) {
            System.err.println("The restore failed: " + reason(e));
            return 1;
        }
    }

    /** Ours, from under Spring's wrapping: the restores say what went wrong, and never what a row held. */
    private static String reason(Throwable failure) {
        String reason = failure.getMessage();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IllegalStateException && cause.getStackTrace().length > 0
                    && cause.getStackTrace()[0].getClassName().startsWith("dev.custos.")) {
                reason = cause.getMessage();
            }
        }
        return reason;
    }
}
