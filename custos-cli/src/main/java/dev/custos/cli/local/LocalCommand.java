package dev.custos.cli.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A shell command run in the working folder, as the person approved it: its output (standard output and error
 * together) kept up to {@value #MAX_OUTPUT_CHARS} characters, stopped when it runs longer than allowed or when the
 * person presses Ctrl-C ({@link #stop}).
 */
final class LocalCommand {

    static final int MAX_OUTPUT_CHARS = 60_000;

    private volatile Process running;

    String run(Path folder, String command, Duration timeout) {
        if (command == null || command.isBlank()) {
            throw new LocalRefusal("Give a command to run.");
        }
        boolean windows = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win");
        ProcessBuilder builder = new ProcessBuilder(windows ? new String[] {"cmd.exe", "/c", command}
                : new String[] {"/bin/sh", "-c", command}).directory(folder.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File(windows ? "NUL" : "/dev/null")));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new LocalRefusal("The command could not be started: " + e.getMessage());
        }
        running = process;
        StringBuilder output = new StringBuilder();
        boolean[] cut = {false};
        Thread reader = Thread.ofVirtual().start(() -> read(process.getInputStream(), output, cut));
        try {
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                stop();
            }
            reader.join(Duration.ofSeconds(2));
            String kept;
            synchronized (output) {
                kept = output.toString();
            }
            String head = finished ? "exit code " + process.exitValue()
                    : "stopped after " + timeout.toSeconds() + " s (it ran too long)";
            return head + "\n" + kept + (cut[0] ? "\n[cut: the output was longer than " + MAX_OUTPUT_CHARS
                    + " characters]" : "");
        } catch (InterruptedException e) {
            stop();
            Thread.currentThread().interrupt();
            throw new LocalRefusal("The command was stopped.");
        } finally {
            running = null;
        }
    }

    /** Stops the command and whatever it started: a timeout, or Ctrl-C. */
    void stop() {
        Process process = running;
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private static void read(InputStream in, StringBuilder output, boolean[] cut) {
        byte[] buffer = new byte[8192];
        try (in) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                synchronized (output) {
                    if (output.length() < MAX_OUTPUT_CHARS) {
                        String piece = new String(buffer, 0, n, StandardCharsets.UTF_8);
                        int room = MAX_OUTPUT_CHARS - output.length();
                        output.append(piece.length() <= room ? piece : piece.substring(0, room));
                        cut[0] |= piece.length() > room;
                    } else {
                        cut[0] = true; // read on and drop, so the command is never blocked on a full pipe
                    }
                }
            }
        } catch (IOException e) {
            if (!e.getMessage().contains("closed")) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
