package dev.custos.platform.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs initdb, pg_ctl and postgres for one data directory. PostgreSQL refuses to run as root, so as root each
 * program runs in a user namespace of its own ({@code unshare -U}): there it is an unprivileged user that still
 * owns, as far as the kernel is concerned, the files it creates.
 */
final class PostgresPrograms {

    private static final Logger log = LoggerFactory.getLogger(PostgresPrograms.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Path installation;
    private final Path data;

    PostgresPrograms(Path installation, Path data) {
        this.installation = installation;
        this.data = data;
    }

    void initdb(Path newData, String superuser, Path passwordFile) {
        run(List.of(program("initdb"), "-D", newData.toString(), "-U", superuser, "--auth=scram-sha-256",
                "--pwfile=" + passwordFile, "-E", "UTF-8", "--no-instructions"), null, Duration.ofMinutes(5));
    }

    /** Runs one statement in single-user mode: the server is not listening, so nobody can connect meanwhile. */
    void singleUser(String statement) {
        run(List.of(program("postgres"), "--single", "-D", data.toString(), "postgres"), statement + "\n",
                Duration.ofMinutes(2));
    }

    /**
     * Starts the server with these settings and waits until it accepts connections. A server killed together with
     * its last Custos may leave backends behind for a moment, so a refused start is tried again for a while.
     */
    void start(List<String> settings) {
        String options = String.join(" ", settings.stream().map(setting -> "-c " + setting).toList());
        Path logFile = data.resolve("custos-postgres.log");
        rotate(logFile);
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            try {
                run(List.of(program("pg_ctl"), "-D", data.toString(), "-l", logFile.toString(), "-o", options,
                        "-w", "-t", String.valueOf(START_TIMEOUT.toSeconds()), "start"), null, START_TIMEOUT.plusSeconds(10));
                return;
            } catch (IllegalStateException e) {
                if (Instant.now().isAfter(giveUp)) {
                    throw new IllegalStateException(e.getMessage() + "; its log: " + tail(logFile), e);
                }
                log.info("PostgreSQL did not start yet ({}); trying again", e.getMessage());
                stopOrphans();
                sleep(Duration.ofSeconds(1));
            }
        }
    }

    /** Fast shutdown: open transactions are rolled back, everything committed is checkpointed. */
    void stop(Duration timeout) {
        if (!Files.exists(data.resolve("postmaster.pid"))) {
            return;
        }
        try {
            run(List.of(program("pg_ctl"), "-D", data.toString(), "-m", "fast", "-w", "-t",
                    String.valueOf(timeout.toSeconds()), "stop"), null, timeout.plusSeconds(10));
        } catch (IllegalStateException e) {
            log.warn("PostgreSQL did not stop in {} ({}); stopping it at once", timeout, e.getMessage());
            run(List.of(program("pg_ctl"), "-D", data.toString(), "-m", "immediate", "-w", "stop"), null,
                    Duration.ofSeconds(30));
        }
    }

    /**
     * Stops whatever PostgreSQL processes still work in this data directory: the server of a Custos that was killed,
     * or the backends a killed server left. Callers hold the data directory's lock, so none of them is in use.
     */
    void stopOrphans() {
        Optional<ProcessHandle> postmaster = postmasterPid(data).flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive).filter(this::worksHere);
        if (postmaster.isPresent()) {
            log.warn("Stopping the PostgreSQL server (pid {}) that a stopped Custos left running on {}",
                    postmaster.get().pid(), data);
            try {
                stop(Duration.ofSeconds(20));
            } catch (IllegalStateException e) {
                log.warn("The orphaned server did not stop cleanly ({}); ending it", e.getMessage());
            }
        }
        List<ProcessHandle> left = ProcessHandle.allProcesses().filter(this::worksHere).toList();
        left.forEach(ProcessHandle::destroyForcibly);
        Instant deadline = Instant.now().plusSeconds(10);
        while (left.stream().anyMatch(ProcessHandle::isAlive) && Instant.now().isBefore(deadline)) {
            sleep(Duration.ofMillis(50));
        }
        if (!left.isEmpty()) {
            log.warn("Ended {} PostgreSQL processes left in {}", left.size(), data);
        }
    }

    /** A postgres process of this data directory: it runs one of our programs with this folder as its cwd. */
    private boolean worksHere(ProcessHandle process) {
        if (process.pid() == ProcessHandle.current().pid()) {
            return false;
        }
        try {
            Path proc = Path.of("/proc", String.valueOf(process.pid()));
            return Files.readSymbolicLink(proc.resolve("cwd")).equals(data)
                    && Files.readSymbolicLink(proc.resolve("exe")).startsWith(installation);
        } catch (IOException | SecurityException e) {
            return false; // gone, or another user's
        }
    }

    static Optional<Long> postmasterPid(Path data) {
        try {
            List<String> lines = Files.readAllLines(data.resolve("postmaster.pid"), StandardCharsets.UTF_8);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.getFirst().strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private String program(String name) {
        return installation.resolve("bin").resolve(name).toString();
    }

    /** Runs a program to its end; its output goes into the failure's message (it never holds a password). */
    private void run(List<String> command, String input, Duration timeout) {
        List<String> full = new ArrayList<>();
        if (runningAsRoot()) {
            full.addAll(List.of("unshare", "-U"));
        }
        full.addAll(command);
        String name = Path.of(command.getFirst()).getFileName().toString();
        try {
            Path output = Files.createTempFile(data.getParent(), "." + name + "-", ".out");
            try {
                Process process = new ProcessBuilder(full).redirectErrorStream(true)
                        .redirectOutput(output.toFile()).start();
                try (var stdin = process.getOutputStream()) {
                    if (input != null) {
                        stdin.write(input.getBytes(StandardCharsets.UTF_8));
                    }
                }
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(name + " did not finish in " + timeout);
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(name + " failed with exit code " + process.exitValue() + ": "
                            + tail(output));
                }
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + name, e);
        }
    }

    private static boolean runningAsRoot() {
        try {
            return OwnerOnly.currentUid() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static String tail(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
        } catch (IOException e) {
            return "(no output)";
        }
    }

    /** Keeps the server's log from growing without end: a start over a large log begins a new one. */
    private static void rotate(Path logFile) {
        try {
            if (Files.exists(logFile) && Files.size(logFile) > 10 * 1024 * 1024) {
                Files.move(logFile, logFile.resolveSibling(logFile.getFileName() + ".1"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            log.debug("Could not rotate {}", logFile, e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
