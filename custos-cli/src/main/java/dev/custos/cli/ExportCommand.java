package dev.custos.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * {@code custos export}: downloads all your data — every module's, as JSON and CSV in a zip — after your password
 * (as in Settings → Data Export), with a progress bar on standard error.
 */
@Command(name = "export", description = "Download all your data as a zip of JSON and CSV (asks for your password).")
final class ExportCommand implements Callable<Integer> {

    private final Context context;

    @Mixin
    Common common;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Where to write the zip (default: custos-export-<date>.zip here).")
    Path output;

    ExportCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Path target = output != null ? output : Path.of("custos-export-" + LocalDate.now() + ".zip");
        try (PasswordSession session = PasswordSession.open(context)) {
            JsonNode link = session.api().post("/api/privacy/exports", Map.of("password", session.password()));
            var progress = new Progress(context.terminal().err());
            long bytes = session.api().download(link.path("url").asString(), target, progress::at, progress::of);
            progress.done();
            if (common.json) {
                context.terminal().out().println(Api.JSON.writeValueAsString(Map.of("file", target.toString(),
                        "bytes", bytes)));
            } else {
                context.terminal().out().println("Your data is in " + target + " (" + Progress.size(bytes) + ").");
            }
        }
        return ExitCode.OK;
    }

    /** A one-line progress bar, redrawn in place. */
    static final class Progress {
        private final PrintWriter err;
        private long total = -1;
        private long shown = -1;

        Progress(PrintWriter err) {
            this.err = err;
        }

        void of(long bytes) {
            total = bytes;
        }

        void at(long bytes) {
            if (bytes - shown < 256 * 1024 && shown >= 0) {
                return; // redraw every quarter megabyte, not every buffer
            }
            shown = bytes;
            if (total > 0) {
                int filled = (int) (30 * bytes / total);
                err.print("\r[" + "#".repeat(filled) + " ".repeat(30 - filled) + "] " + size(bytes) + " of "
                        + size(total));
            } else {
                err.print("\rDownloading… " + size(bytes));
            }
            err.flush();
        }

        void done() {
            err.println();
        }

        static String size(long bytes) {
            return bytes < 1024 * 1024 ? String.format("%.1f KB", bytes / 1024.0)
                    : String.format("%.1f MB", bytes / (1024.0 * 1024));
        }
    }
}
