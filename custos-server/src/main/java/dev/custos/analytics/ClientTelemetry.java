package dev.custos.analytics;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import dev.custos.identity.Actor;
import dev.custos.platform.web.CustosException;
import dev.custos.privacy.AnalyticsPermission;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The terminal client's telemetry: what the privacy policy says it is (client version, operating system and
 * architecture, command names and timings, error reports), taken only from people whose consent to product
 * analytics stands and who have not objected, and kept only as counts per day. Nothing in a report can name a
 * person, a file or a path: every field is checked against a narrow shape, and none but these is read.
 */
@Service
public class ClientTelemetry {

    /** One command the client ran: its name (subcommands included), how long it took, how it ended. */
    public record CommandRun(String command, long durationMs, String outcome, String error) {
    }

    /** What a client sends: about itself, and the commands it ran since it last reported. */
    public record Report(String client, String version, String os, String arch, List<CommandRun> commands) {
    }

    /** A day's count of one command, for the operator. */
    public record Count(LocalDate day, String client, String version, String os, String arch, String command,
                        String outcome, String error, long runs, long averageMs) {
    }

    static final int MAX_COMMANDS = 200;

    private final JdbcClient jdbc;
    private final AnalyticsPermission permission;
    private final TransactionTemplate transactions;
    private final Clock clock;

    ClientTelemetry(JdbcClient jdbc, AnalyticsPermission permission, TransactionTemplate transactions, Clock clock) {
        this.jdbc = jdbc;
        this.permission = permission;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Counts a report's commands into today's totals; refused whole unless the person's consent stands. */
    public int record(Actor actor, Report report) {
        // The terminal client reports with its API key as well as from a signed-in browser: either names its person.
        if (!permission.allows(actor.person())) {
            throw new CustosException(HttpStatus.FORBIDDEN, "telemetry-not-allowed", "You have not consented to "
                    + "product analytics, or you objected to it: nothing was recorded. custos telemetry on gives "
                    + "the consent.");
        }
        check(report);
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        transactions.executeWithoutResult(status -> report.commands().forEach(run -> jdbc.sql("""
                        INSERT INTO client_telemetry_days (day, client, version, os, arch, command, outcome, error,
                                                           runs, total_ms)
                        VALUES (:day, :client, :version, :os, :arch, :command, :outcome, :error, 1, :ms)
                        ON CONFLICT (day, client, version, os, arch, command, outcome, error)
                        DO UPDATE SET runs = client_telemetry_days.runs + 1,
                                      total_ms = client_telemetry_days.total_ms + :ms""")
                .param("day", today).param("client", report.client()).param("version", report.version())
                .param("os", report.os()).param("arch", report.arch()).param("command", run.command())
                .param("outcome", run.outcome()).param("error", run.error() == null ? "" : run.error())
                .param("ms", Math.max(0, run.durationMs())).update()));
        return report.commands().size();
    }

    /** The counts of the last {@code days} days, newest first. */
    public List<Count> counts(int days) {
        return jdbc.sql("""
                        SELECT day, client, version, os, arch, command, outcome, error, runs, total_ms / runs
                        FROM client_telemetry_days WHERE day > :since
                        ORDER BY day DESC, runs DESC, command""")
                .param("since", LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(days))
                .query((rs, n) -> new Count(rs.getObject(1, LocalDate.class), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        rs.getLong(9), rs.getLong(10)))
                .list();
    }

    /** Only the shapes the policy names get in: a path, an argument or a message has nowhere to go. */
    private static void check(Report report) {
        if (report.commands() == null || report.commands().isEmpty() || report.commands().size() > MAX_COMMANDS) {
            throw invalid("A report holds 1 to " + MAX_COMMANDS + " commands.");
        }
        require(report.client(), "[a-z][a-z0-9-]{0,39}", "client");
        require(report.version(), "[0-9A-Za-z.+-]{1,40}", "version");
        require(report.os(), "[0-9A-Za-z ._-]{1,40}", "os");
        require(report.arch(), "[0-9A-Za-z._-]{1,20}", "arch");
        for (CommandRun run : report.commands()) {
            require(run.command(), "[a-z][a-z -]{0,59}", "command");
            require(run.outcome(), "ok|failed", "outcome");
            if (run.error() != null) {
                require(run.error(), "[a-z0-9-]{0,60}", "error");
            }
        }
    }

    private static void require(String value, String shape, String field) {
        if (value == null || !value.matches(shape)) {
            throw invalid("'" + field + "' is not in the shape telemetry takes (" + shape + ").");
        }
    }

    private static CustosException invalid(String message) {
        return CustosException.invalid("telemetry-invalid", message);
    }
}
