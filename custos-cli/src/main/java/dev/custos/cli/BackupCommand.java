package dev.custos.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * {@code custos backup}: backs up the installation now (the database, then the key store), or lists the backups
 * kept ({@code --list}). Only an installation administrator may, and never through a key: it asks for the password
 * and acts in a session of its own. Restoring is the server's own command ({@code custos-server restore}), since it
 * goes into an empty database.
 */
@Command(name = "backup", description = "Back up the installation now (administrators), or list the backups kept.")
final class BackupCommand implements Callable<Integer> {

    private final Context context;

    @Option(names = "--list", description = "List the backups kept instead of making one.")
    boolean list;

    @Option(names = "--json", description = "Print machine-readable JSON instead of text.")
    boolean json;

    BackupCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        try (PasswordSession session = PasswordSession.open(context)) {
            return call(session.api());
        }
    }

    private int call(Api api) {
        var out = context.terminal().out();
        if (list) {
            JsonNode backups = api.get("/api/admin/backups");
            if (json) {
                out.println(backups);
                return ExitCode.OK;
            }
            var table = new Table("TAKEN", "KIND", "SIZE", "FILE");
            backups.forEach(file -> table.row(file.path("takenAt").asString(), file.path("kind").asString(),
                    megabytes(file.path("bytes").asLong()), file.path("name").asString()));
            table.print(out);
            return ExitCode.OK;
        }
        JsonNode taken = api.post("/api/admin/backups", java.util.Map.of());
        if (json) {
            out.println(taken);
        } else {
            out.println("Backed up " + taken.path("rows").asLong() + " rows to "
                    + taken.path("database").path("name").asString() + " ("
                    + megabytes(taken.path("database").path("bytes").asLong()) + "), and the key store to "
                    + taken.path("keys").path("name").asString() + ".");
            out.println("Restore both with: custos-server restore <database backup> <key store backup>");
        }
        return ExitCode.OK;
    }

    private static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1_048_576.0);
    }
}
