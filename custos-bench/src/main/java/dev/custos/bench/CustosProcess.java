package dev.custos.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Custos in a JVM of its own, for measuring what it alone holds in memory: started from the benchmark's class
 * path with a stated heap limit, its first sign-in's invitation code read from what it prints, as a person
 * starting it would.
 */
final class CustosProcess implements AutoCloseable {

    private static final Pattern INVITATION = Pattern.compile("signup\\?code=(inv_[A-Za-z0-9_-]+)");

    private final Process process;
    private final int port;
    private final String invitation;

    private CustosProcess(Process process, int port, String invitation) {
        this.process = process;
        this.port = port;
        this.invitation = invitation;
    }

    /** Starts Custos with the heap limit ({@code -Xmx}) and extra {@code --key=value} settings. */
    static CustosProcess start(String name, String heap, String... settings) throws Exception {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx" + heap));
        // -Dcustos.bench.jvm="..." adds JVM options (a collector, code cache or metaspace limit) to compare.
        String options = System.getProperty("custos.bench.jvm", "").strip();
        if (!options.isEmpty()) {
            command.addAll(Arrays.asList(options.split("\\s+")));
        }
        command.addAll(List.of("-cp", classPath(), "dev.custos.CustosApplication",
                "--server.port=" + port,
                "--custos.database.data-directory=target/bench-" + name + "-postgres",
                "--custos.database.clean-on-start=true",
                "--custos.keys.master-key-file=target/bench-" + name + "-keys/master-key.json"));
        command.addAll(Arrays.asList(settings));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        // -Dcustos.bench.env="NAME=value ..." sets the process's environment (glibc's MALLOC_ARENA_MAX, say).
        for (String pair : System.getProperty("custos.bench.env", "").strip().split("\\s+")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                builder.environment().put(pair.substring(0, equals), pair.substring(equals + 1));
            }
        }
        Process process = builder.start();
        var code = new CompletableFuture<String>();
        Path log = Path.of("target/bench-" + name + ".log");
        Thread.ofPlatform().daemon().start(() -> {
            try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8)); var out = Files.newBufferedWriter(log)) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    out.write(line);
                    out.newLine();
                    Matcher found = INVITATION.matcher(line);
                    if (found.find()) {
                        code.complete(found.group(1));
                    }
                }
            } catch (IOException e) {
                code.completeExceptionally(e);
            }
            code.completeExceptionally(new IllegalStateException("Custos ended without an invitation; see " + log));
        });
        return new CustosProcess(process, port, code.get(180, TimeUnit.SECONDS));
    }

    int port() {
        return port;
    }

    String invitation() {
        return invitation;
    }

    /** The Custos JVM's resident set (VmRSS), in MB. */
    long residentMegabytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    /** The class path this benchmark runs with (exec:java's class loader, or the JVM's own). */
    private static String classPath() {
        if (Thread.currentThread().getContextClassLoader() instanceof URLClassLoader urls) {
            return Arrays.stream(urls.getURLs()).map(CustosProcess::path).collect(Collectors.joining(
                    java.io.File.pathSeparator));
        }
        return System.getProperty("java.class.path");
    }

    private static String path(URL url) {
        try {
            return Path.of(url.toURI()).toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: Custos stops its PostgreSQL on the way out
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
