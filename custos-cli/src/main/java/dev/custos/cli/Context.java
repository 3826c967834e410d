package dev.custos.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * What every command works with: the terminal, the configuration directory ({@code $CUSTOS_CONFIG_DIR}, else
 * {@code $XDG_CONFIG_HOME/custos}, else {@code ~/.config/custos}), and the server and key — from the settings, or
 * from {@code CUSTOS_URL} and {@code CUSTOS_API_KEY} for scripts that keep no configuration.
 */
public final class Context {

    private final Terminal terminal;
    private final Path configDirectory;
    private final Map<String, String> environment;

    public Context(Terminal terminal, Path configDirectory, Map<String, String> environment) {
        this.terminal = terminal;
        this.configDirectory = configDirectory;
        this.environment = environment;
    }

    static Context fromEnvironment(Terminal terminal) {
        Map<String, String> env = System.getenv();
        Path directory = env.containsKey("CUSTOS_CONFIG_DIR") ? Path.of(env.get("CUSTOS_CONFIG_DIR"))
                : env.containsKey("XDG_CONFIG_HOME") ? Path.of(env.get("XDG_CONFIG_HOME"), "custos")
                : Path.of(System.getProperty("user.home"), ".config", "custos");
        return new Context(terminal, directory, env);
    }

    Terminal terminal() {
        return terminal;
    }

    Path configDirectory() {
        return configDirectory;
    }

    Settings settings() {
        Settings saved = Settings.load(configDirectory);
        String url = environment.getOrDefault("CUSTOS_URL", saved.url());
        String key = environment.getOrDefault("CUSTOS_API_KEY", saved.apiKey());
        return new Settings(url, key, saved.workspaceId(), saved.workspaceName());
    }

    /** The server's API with the key, or a failure saying how to sign in. */
    Api api() {
        Settings settings = settings();
        if (!settings.signedIn()) {
            throw new CliFailure(ExitCode.NOT_SIGNED_IN, "not-signed-in",
                    "Not signed in: run custos login (or set CUSTOS_URL and CUSTOS_API_KEY).");
        }
        return new Api(settings.url(), settings.apiKey());
    }

    /** The workspace a command acts in: the one named, or the key's. */
    String workspace(String named) {
        if (named != null && !named.isBlank()) {
            return named;
        }
        String saved = settings().workspaceId();
        if (saved != null) {
            return saved;
        }
        Api api = api();
        var workspaces = api.get("/api/workspaces");
        if (workspaces.size() == 1) {
            return workspaces.get(0).path("id").asString();
        }
        throw new CliFailure(ExitCode.USAGE, "workspace-required", "Name the workspace with --workspace.");
    }
}
