package dev.custos.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * The client's telemetry, as the privacy policy words it: the client's version, operating system and architecture,
 * the names of the commands run (never their arguments), how long they took and how they ended (a failure by its
 * stable slug, never its message). Off until the person turns it on ({@code custos telemetry on}, which records
 * their consent to product analytics); kept in {@value #FILE} beside the configuration and sent in batches.
 */
record Telemetry(boolean enabled, List<Map<String, Object>> pending) {

    static final String FILE = "telemetry.json";
    static final String VERSION = "0.1.0";
    /** Sent once this many commands are waiting; {@code custos telemetry send} sends at once. */
    static final int BATCH = 20;
    /** Kept at most, while the server cannot be reached: the oldest go first. */
    private static final int MAX_PENDING = 500;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static Telemetry load(Path directory) {
        Path file = directory.resolve(FILE);
        try {
            return Files.exists(file) ? JSON.readValue(Files.readString(file), Telemetry.class)
                    : new Telemetry(false, List.of());
        } catch (IOException | RuntimeException e) {
            return new Telemetry(false, List.of()); // unreadable: off, as if never turned on
        }
    }

    Telemetry withRun(String command, long durationMs, int exitCode, String error) {
        List<Map<String, Object>> runs = new ArrayList<>(pending);
        runs.add(Map.of("command", command, "durationMs", durationMs, "outcome", exitCode == 0 ? "ok" : "failed",
                "error", exitCode == 0 || error == null ? "" : error));
        return new Telemetry(enabled, runs.size() > MAX_PENDING ? runs.subList(runs.size() - MAX_PENDING,
                runs.size()) : runs);
    }

    /** What is sent: about the client, and the commands since the last report. */
    Map<String, Object> report() {
        return Map.of("client", "custos-cli", "version", VERSION, "os", shape(System.getProperty("os.name"), 40),
                "arch", shape(System.getProperty("os.arch"), 20), "commands", pending);
    }

    void save(Path directory) {
        try {
            PrivateFiles.write(directory, FILE, JSON.writeValueAsString(this));
        } catch (IOException e) {
            // telemetry never stands in the way of the work
        }
    }

    /**
     * After a command: counts it when telemetry is on, and sends the batch once it is full. Never fails the
     * command; a refusal (consent withdrawn elsewhere, an objection) turns telemetry off here too.
     */
    static void after(Context context, String command, long durationMs, int exitCode, String error) {
        Telemetry telemetry = load(context.configDirectory());
        if (!telemetry.enabled() || command.startsWith("telemetry")) {
            return;
        }
        telemetry = telemetry.withRun(command, durationMs, exitCode, error);
        if (telemetry.pending().size() >= BATCH) {
            telemetry = telemetry.send(context).left();
        }
        telemetry.save(context.configDirectory());
    }

    /** What sending left to keep, and why it failed if it did. */
    record Sent(Telemetry left, String problem) {
    }

    /** Sends what waits. */
    Sent send(Context context) {
        if (pending.isEmpty() || !context.settings().signedIn()) {
            return new Sent(this, pending.isEmpty() ? null : "not signed in");
        }
        try {
            context.api().post("/api/me/client-telemetry", report());
            return new Sent(new Telemetry(enabled, List.of()), null);
        } catch (CliFailure refused) {
            if (refused.type().equals("telemetry-not-allowed")) {
                return new Sent(new Telemetry(false, List.of()), refused.getMessage());
            }
            return new Sent(this, refused.getMessage()); // unreachable now: sent with the next batch
        }
    }

    private static String shape(String value, int length) {
        String shaped = (value == null ? "unknown" : value).replaceAll("[^0-9A-Za-z ._-]", "-").strip();
        shaped = shaped.isEmpty() ? "unknown" : shaped;
        return (shaped.length() > length ? shaped.substring(0, length) : shaped).toLowerCase(Locale.ROOT).strip();
    }
}
