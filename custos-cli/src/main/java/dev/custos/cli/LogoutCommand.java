package dev.custos.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/** {@code custos logout}: revokes the key this terminal holds and forgets it. */
@Command(name = "logout", description = "Revoke this terminal's API key and forget it.")
final class LogoutCommand implements Callable<Integer> {

    private final Context context;

    LogoutCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Settings settings = context.settings();
        if (!settings.signedIn()) {
            context.terminal().out().println("Not signed in.");
            return ExitCode.OK;
        }
        String prefix = settings.keyHint().replace("cst_", "").replace("_…", "");
        try {
            Api api = context.api();
            String workspace = context.workspace(null);
            for (JsonNode key : api.get("/api/workspaces/" + workspace + "/api-keys")) {
                if (key.path("prefix").asString().equals(prefix) && key.path("revokedAt").isMissingNode()) {
                    api.delete("/api/workspaces/" + workspace + "/api-keys/" + key.path("keyId").asString());
                }
            }
        } catch (CliFailure already) {
            if (already.exitCode() != ExitCode.NOT_SIGNED_IN) {
                throw already;
            } // revoked or expired already: forgetting it is all there is left to do
        }
        Settings.load(context.configDirectory()).signedOut().save(context.configDirectory());
        context.terminal().out().println("Signed out; the key " + settings.keyHint() + " is revoked.");
        return ExitCode.OK;
    }
}
