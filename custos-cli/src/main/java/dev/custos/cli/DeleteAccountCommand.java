package dev.custos.cli;

import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * {@code custos delete-account}: erases your account, after your password and a typed confirmation. Your content
 * becomes unreadable at once; the rest is removed by the server's erasure job.
 */
@Command(name = "delete-account", description = "Delete your account and your data (asks for your password).")
final class DeleteAccountCommand implements Callable<Integer> {

    static final String CONFIRMATION = "delete my account";

    private final Context context;

    @Mixin
    Common common;

    @Option(names = "--yes", description = "Do not ask for the typed confirmation (the password is still asked).")
    boolean yes;

    DeleteAccountCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Terminal terminal = context.terminal();
        if (!yes) {
            terminal.err().println("This deletes your account. What you said in sessions becomes unreadable at "
                    + "once, and your data is removed within 30 days; workspaces you own alone are deleted too.");
            String typed = terminal.ask("Type \"" + CONFIRMATION + "\" to go on: ");
            if (typed == null || !typed.strip().equalsIgnoreCase(CONFIRMATION)) {
                terminal.err().println("Not deleted.");
                return ExitCode.INTERRUPTED;
            }
        }
        JsonNode request;
        try (PasswordSession session = PasswordSession.open(context)) {
            request = session.api().post("/api/privacy/erasure", Map.of("password", session.password()));
        }
        Settings.load(context.configDirectory()).signedOut().save(context.configDirectory());
        if (common.json) {
            terminal.out().println(request);
        } else {
            terminal.out().println("Your account is closed and its erasure has begun (request "
                    + request.path("id").asString() + ").");
        }
        return ExitCode.OK;
    }
}
