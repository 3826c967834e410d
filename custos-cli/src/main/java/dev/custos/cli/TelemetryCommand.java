package dev.custos.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code custos telemetry on|off|status|send}: the client's telemetry, switched with one command. Turning it on
 * records the person's consent to product analytics on the server (turning it off withdraws it), so it is the same
 * decision the privacy centre shows and the same one an objection overrides.
 */
@Command(name = "telemetry", description = "Turn the client's telemetry on or off, see what it sends, or send now.")
final class TelemetryCommand implements Callable<Integer> {

    static final String NOTICE = """
            Telemetry tells the operator of your Custos installation how the terminal client is used, so it can be
            improved: the client's version, your operating system and architecture, the names of the commands you
            run (never their arguments, files, paths or output), how long they took, and how failed ones failed (a
            short code, never a message). It is counted per day, without your name, and kept a year. Turning it on
            gives your consent to product analytics; custos telemetry off withdraws it, at any time.""";
    /** The version of the notice above, recorded with the consent. */
    static final String NOTICE_VERSION = "cli-telemetry-1";

    private final Context context;

    @Parameters(index = "0", arity = "0..1", paramLabel = "on|off|status|send", defaultValue = "status",
            description = "on, off, status (the default) or send.")
    String action;

    TelemetryCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PrintWriter out = context.terminal().out();
        Telemetry telemetry = Telemetry.load(context.configDirectory());
        switch (action) {
            case "on" -> {
                decide(true);
                new Telemetry(true, telemetry.pending()).save(context.configDirectory());
                out.println(NOTICE);
                out.println("Telemetry is on.");
            }
            case "off" -> {
                new Telemetry(false, List.of()).save(context.configDirectory());
                try {
                    decide(false);
                } catch (CliFailure unreachable) {
                    context.terminal().err().println("custos: telemetry is off here; the server could not be told ("
                            + unreachable.getMessage() + "): withdraw the consent in the privacy centre too.");
                    return ExitCode.UNAVAILABLE;
                }
                out.println("Telemetry is off, and your consent to product analytics is withdrawn.");
            }
            case "send" -> {
                Telemetry.Sent sent = telemetry.send(context);
                Telemetry left = sent.left();
                left.save(context.configDirectory());
                out.println((telemetry.pending().size() - left.pending().size()) + " command(s) sent; "
                        + left.pending().size() + " waiting.");
                if (sent.problem() != null) {
                    context.terminal().err().println("custos: not sent: " + sent.problem());
                    return ExitCode.UNAVAILABLE;
                }
            }
            case "status" -> {
                out.println("Telemetry is " + (telemetry.enabled() ? "on" : "off") + "; "
                        + telemetry.pending().size() + " command(s) waiting to be sent.");
                out.println(NOTICE);
            }
            default -> throw new CliFailure(ExitCode.USAGE, "unknown-action",
                    "Say on, off, status or send.");
        }
        return ExitCode.OK;
    }

    private void decide(boolean given) {
        context.api().post("/api/privacy/consents", Map.of("purpose", "product_analytics", "given", given,
                "noticeVersion", NOTICE_VERSION));
    }
}
