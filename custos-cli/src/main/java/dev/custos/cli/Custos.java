package dev.custos.cli;

import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;

import picocli.AutoComplete.GenerateCompletion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code custos}: the top command; each thing it does is a subcommand. */
@Command(name = "custos", mixinStandardHelpOptions = true, version = "custos 0.1.0",
        description = "The Custos terminal client: run agents and follow their work, review sessions, see usage, "
                + "manage connections and knowledge, export your data, ask for support.",
        subcommands = {LoginCommand.class, LogoutCommand.class, StatusCommand.class, WorkspacesCommand.class,
                AgentsCommand.class, RunCommand.class, SessionsCommand.class, UsageCommand.class, ExportCommand.class,
                ConnectionsCommand.class, KnowledgeCommand.class, AuditCommand.class, DeleteAccountCommand.class,
                SupportCommand.class, BackupCommand.class, MoveCommand.class, TelemetryCommand.class, GenerateCompletion.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:the work failed (a run failed, a chain does not verify)", "2:wrong usage",
                "3:not signed in, or the key was revoked", "4:not allowed", "5:not found",
                "6:refused by the server (bad input, conflict, too many requests)", "7:server unreachable or failing",
                "130:interrupted or cancelled"})
public final class Custos implements Runnable {

    @Spec
    private CommandSpec spec;

    /** Runs a command line; returns the exit code. Counted for telemetry when the person turned it on. */
    public static int run(Context context, String... args) {
        long started = System.nanoTime();
        CommandLine line = new CommandLine(new Custos(), new Factory(context));
        line.setOut(context.terminal().out());
        line.setErr(context.terminal().err());
        String[] failedAs = {null};
        line.setExecutionExceptionHandler((failure, command, parsed) -> {
            if (failure instanceof CliFailure known) {
                failedAs[0] = known.type();
                context.terminal().err().println("custos: " + known.getMessage());
                return known.exitCode();
            }
            if (failure instanceof UncheckedIOException io) {
                context.terminal().err().println("custos: " + io.getMessage());
                return ExitCode.FAILED;
            }
            throw failure;
        });
        int exit = line.execute(args);
        String command = commandName(line);
        if (command != null) {
            Telemetry.after(context, command, (System.nanoTime() - started) / 1_000_000, exit,
                    failedAs[0] != null ? failedAs[0] : exit == ExitCode.USAGE ? "usage" : null);
        }
        return exit;
    }

    /** The command run, by its names only ({@code sessions show}): never an argument. */
    private static String commandName(CommandLine line) {
        CommandLine.ParseResult parsed = line.getParseResult();
        if (parsed == null || !parsed.hasSubcommand()) {
            return null;
        }
        StringBuilder name = new StringBuilder();
        while (parsed.hasSubcommand()) {
            parsed = parsed.subcommand();
            name.append(name.isEmpty() ? "" : " ").append(parsed.commandSpec().name());
        }
        return name.toString();
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Gives commands that want it the {@link Context}; everything else is made as picocli would. */
    private record Factory(Context context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                if (constructor.getParameterCount() == 1 && constructor.getParameterTypes()[0] == Context.class) {
                    constructor.setAccessible(true);
                    return type.cast(constructor.newInstance(context));
                }
            }
            return CommandLine.defaultFactory().create(type);
        }
    }
}
