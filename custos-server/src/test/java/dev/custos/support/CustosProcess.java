package dev.custos.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Custos in a JVM of its own, with production settings (a durable embedded database under {@code home}), as an
 * operator runs it: what crash tests kill with SIGKILL and start again.
 */
public final class CustosProcess implements AutoCloseable {

    private final Path home;
    private final int port;
    private final Process jvm;
    private final Path output;

    private CustosProcess(Path home, int port, Process jvm, Path output) {
        this.home = home;
        this.port = port;
        this.jvm = jvm;
        this.output = output;
    }

    /** Starts Custos over the data in {@code home} (made on first start) and waits until it serves requests. */
    public static CustosProcess start(Path home, int port, String... extraArguments) throws IOException {
        List<String> arguments = new ArrayList<>(List.of(
                "--custos.identity.base-url=http://localhost:" + port,
                "--custos.database.data-directory=" + home.resolve("data/postgres"),
                "--custos.keys.master-key-file=" + home.resolve("data/master-key.json")));
        arguments.addAll(List.of(extraArguments));
        return launch(home, port, arguments);
    }

    /**
     * Starts a Custos node that joins a test's PostgreSQL and key store (a cluster's third node, say), with its
     * output in {@code home}; {@code extraArguments} add settings.
     */
    public static CustosProcess join(dev.custos.platform.database.DatabaseServer database, Path home, int port,
                                     String... extraArguments) throws IOException {
        List<String> arguments = new ArrayList<>(List.of(
                "--custos.identity.base-url=" + CustosIntegrationTest.ORIGIN,
                "--server.forward-headers-strategy=native",
                "--custos.database.url=" + database.jdbcUrl(),
                "--custos.database.username=" + database.owner().username(),
                "--custos.database.password=" + database.owner().password(),
                "--custos.database.app-username=" + database.app().username(),
                "--custos.database.app-password=" + database.app().password(),
                "--custos.database.pool-size=4",
                "--custos.keys.database-url=" + database.embeddedKeysJdbcUrl(),
                "--custos.keys.master-key-file=" + Path.of("target/test-keys/master-key.json").toAbsolutePath(),
                "--custos.backup.schedule=-", "--custos.backup.keys-schedule=-"));
        arguments.addAll(List.of(extraArguments));
        return launch(home, port, arguments);
    }

    private static CustosProcess launch(Path home, int port, List<String> arguments) throws IOException {
        Files.createDirectories(home);
        Path output = home.resolve("custos-" + Instant.now().toEpochMilli() + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                "dev.custos.CustosApplication",
                "--server.port=" + port,
                "--custos.agents.resume-interval=500ms",
                "--spring.main.banner-mode=off"));
        command.addAll(arguments);
        Process jvm = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        var started = new CustosProcess(home, port, jvm, output);
        started.awaitReady(Duration.ofSeconds(120));
        return started;
    }

    public static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void awaitReady(Duration timeout) throws IOException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!jvm.isAlive()) {
                throw new IllegalStateException("Custos exited with " + jvm.exitValue() + ":\n" + log());
            }
            if (log().contains("Started CustosApplication")) {
                return;
            }
            sleep(100);
        }
        jvm.destroyForcibly();
        throw new IllegalStateException("Custos did not start in " + timeout + ":\n" + log());
    }

    public ApiClient client() {
        return new ApiClient(port);
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return home.resolve("data/postgres");
    }

    /** What the process printed so far. */
    public String log() throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    /** The first-account invitation code Custos prints when it has no account yet. */
    public Optional<String> printedInvitation() throws IOException {
        Matcher code = Pattern.compile("signup\\?code=([A-Za-z0-9_-]+)").matcher(log());
        return code.find() ? Optional.of(code.group(1)) : Optional.empty();
    }

    /** The embedded database's processes: its postmaster and every backend and helper it started. */
    public List<ProcessHandle> databaseProcesses() throws IOException {
        Path pidFile = dataDirectory().resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return List.of();
        }
        long pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().strip());
        return ProcessHandle.of(pid).map(postmaster -> Stream.concat(Stream.of(postmaster),
                postmaster.descendants()).toList()).orElse(List.of());
    }

    /** SIGKILL to the JVM and to every database process at the same moment: what an OOM or container kill does. */
    public void killWithDatabase() throws IOException {
        List<ProcessHandle> database = databaseProcesses();
        jvm.toHandle().destroyForcibly();
        database.forEach(ProcessHandle::destroyForcibly);
        awaitGone(Stream.concat(Stream.of(jvm.toHandle()), database.stream()).toList());
    }

    /** SIGKILL to the JVM alone: its database is left running, an orphan the next start has to deal with. */
    public void killJvmOnly() {
        jvm.toHandle().destroyForcibly();
        awaitGone(List.of(jvm.toHandle()));
    }

    private static void awaitGone(List<ProcessHandle> processes) {
        Instant deadline = Instant.now().plusSeconds(30);
        while (processes.stream().anyMatch(ProcessHandle::isAlive) && Instant.now().isBefore(deadline)) {
            sleep(20);
        }
    }

    /** Stops Custos as an operator would (SIGTERM), which stops its database too. */
    @Override
    public void close() {
        jvm.destroy();
        try {
            if (!jvm.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                jvm.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
