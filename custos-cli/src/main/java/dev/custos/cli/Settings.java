package dev.custos.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import tools.jackson.databind.json.JsonMapper;

/**
 * What {@code custos login} remembers, in {@code config.json} under the configuration directory: the server, the
 * API key (the file is readable by its owner only, 600, in a directory of 700) and the workspace the key acts in.
 *
 * @param url           the server, e.g. {@code http://localhost:8080}
 * @param apiKey        the key, {@code cst_...}; null when signed out
 * @param workspaceId   the workspace the key is bound to
 * @param workspaceName its name, to show
 */
public record Settings(String url, String apiKey, String workspaceId, String workspaceName) {

    static final String FILE = "config.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static final Settings NONE = new Settings(null, null, null, null);

    static Settings load(Path directory) {
        Path file = directory.resolve(FILE);
        if (!Files.exists(file)) {
            return NONE;
        }
        try {
            return JSON.readValue(Files.readString(file), Settings.class);
        } catch (IOException | RuntimeException e) {
            throw new CliFailure(ExitCode.FAILED, "unreadable-config", "The configuration in " + file
                    + " cannot be read; remove it and run custos login again.");
        }
    }

    /** Writes the settings so that no other user can read the key, not even for an instant. */
    void save(Path directory) {
        try {
            PrivateFiles.write(directory, FILE, JSON.writeValueAsString(this));
        } catch (IOException e) {
            throw new UncheckedIOException("The configuration cannot be written to " + directory, e);
        }
    }

    boolean signedIn() {
        return url != null && apiKey != null;
    }

    Settings signedOut() {
        return new Settings(url, null, null, null);
    }

    /** The key's public part, {@code cst_<prefix>_…}, to show instead of the key. */
    String keyHint() {
        if (apiKey == null) {
            return "none";
        }
        int second = apiKey.indexOf('_', 4);
        return (second > 0 ? apiKey.substring(0, second) : "cst") + "_…";
    }

    @Override
    public String toString() {
        return "Settings[" + url + ", " + keyHint() + "]";
    }
}
