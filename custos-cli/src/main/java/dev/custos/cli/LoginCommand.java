package dev.custos.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * {@code custos login}: in the browser by default — the terminal shows a link and a code, the person approves in a
 * signed-in browser, choosing the workspace and what the terminal may do, and the terminal receives an API key —
 * or with an API key made in the dashboard.
 */
@Command(name = "login", description = "Sign in, in the browser (the default) or with an API key.")
final class LoginCommand implements Callable<Integer> {

    private final Context context;

    @Option(names = "--url", defaultValue = "${env:CUSTOS_URL:-http://localhost:8080}",
            description = "The Custos server (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--api-key", paramLabel = "KEY",
            description = "Sign in with this API key (cst_...) instead of the browser; - reads it from standard input.")
    String apiKey;

    @Option(names = "--name", defaultValue = "Custos CLI",
            description = "What the new key is called in your workspace (default: ${DEFAULT-VALUE}).")
    String clientName;

    LoginCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        String key = apiKey == null ? viaBrowser() : apiKey.equals("-") ? context.terminal().ask("API key: ") : apiKey;
        if (key == null || !key.strip().startsWith("cst_")) {
            throw new CliFailure(ExitCode.USAGE, "invalid-api-key", "That is not a Custos API key (they start cst_).");
        }
        Api api = new Api(url, key.strip());
        JsonNode me = api.get("/api/me");
        JsonNode workspaces = api.get("/api/workspaces");
        JsonNode workspace = workspaces.size() == 1 ? workspaces.get(0) : null;
        new Settings(api.base(), key.strip(), workspace == null ? null : workspace.path("id").asString(),
                workspace == null ? null : workspace.path("name").asString()).save(context.configDirectory());
        context.terminal().out().println("Signed in to " + api.base() + " as " + me.path("name").asString()
                + (workspace == null ? "" : ", in workspace " + workspace.path("name").asString()) + ".");
        return ExitCode.OK;
    }

    /** The device flow: show the link and code, then poll until the person decided (or the codes expired). */
    private String viaBrowser() throws InterruptedException {
        Api anonymous = Api.anonymous(url);
        JsonNode started = anonymous.post("/api/auth/device", Map.of("clientName", clientName));
        var err = context.terminal().err();
        err.println("To sign in, open this page in a browser where you are signed in to Custos:");
        err.println();
        err.println("  " + started.path("verificationUriComplete").asString());
        err.println();
        err.println("and check that it shows the code " + started.path("userCode").asString() + ". Waiting…");
        Duration interval = Duration.ofSeconds(Math.max(1, started.path("interval").asLong(5)));
        Instant deadline = Instant.now().plusSeconds(started.path("expiresIn").asLong(600));
        while (Instant.now().isBefore(deadline)) {
            Thread.sleep(interval.toMillis());
            try {
                return anonymous.post("/api/auth/device/token", Map.of("deviceCode",
                        started.path("deviceCode").asString())).path("token").asString();
            } catch (CliFailure answer) {
                switch (answer.type()) {
                    case "authorization-pending" -> {
                    }
                    case "slow-down" -> interval = interval.plusSeconds(5);
                    case "access-denied" -> throw new CliFailure(ExitCode.FORBIDDEN, answer.type(),
                            "The sign-in was denied in the browser.");
                    default -> throw answer;
                }
            }
        }
        throw new CliFailure(ExitCode.NOT_SIGNED_IN, "expired-token", "The sign-in was not approved in time; run "
                + "custos login again.");
    }
}
