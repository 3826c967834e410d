package dev.custos.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

import dev.custos.identity.Actor;
import dev.custos.platform.PersonId;
import dev.custos.platform.WorkspaceId;
import dev.custos.relocation.MoveIn;
import dev.custos.relocation.MoveOut;
import dev.custos.workspace.Workspace;
import org.postgresql.PGConnection;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Moving a workspace between two regions' installations, per hundred thousand rows: the package taken (freeze,
 * one snapshot, rows as JSON lines, keys, sealed) against a plain {@code COPY} of the same rows to nowhere, and the
 * arrival (checked whole, inserted under row-level security in one transaction), then the erasure at the source.
 * Not a test: run by hand (docs/benchmarks.md). Argument: hundreds of thousands of usage rows (default 5).
 */
public final class WorkspaceMove {

    private static final String PASSWORD = "a-long-enough-passphrase";

    private WorkspaceMove() {
    }

    public static void main(String[] args) throws Exception {
        int hundredThousands = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        try (ConfigurableApplicationContext eu = BenchCustos.start("move-eu", "--custos.regions.home=EU",
                "--custos.relocation.directory=target/bench-move-packages", "--custos.backup.schedule=-",
                "--custos.backup.keys-schedule=-");
             ConfigurableApplicationContext us = BenchCustos.start("move-us", "--custos.regions.home=US",
                     "--custos.backup.schedule=-", "--custos.backup.keys-schedule=-")) {
            DataSource euOwner = eu.getBean("ownerDataSource", DataSource.class);
            ApiSession person = ApiSession.signedUp(eu, "moving@example.com", "Moving Person", PASSWORD);
            UUID workspace = person.createWorkspace("Moving");
            UUID session = person.sessionWithDemoAgent(workspace);
            BenchRows.seed(JdbcClient.create(euOwner), workspace, person.personId(), session,
                    hundredThousands * 100_000L, hundredThousands * 10_000L);
            Actor euAdmin = Actor.person(new PersonId(person.personId()));
            ApiSession receiving = ApiSession.signedUp(us, "receiving@example.com", "Receiving Admin", PASSWORD);
            Actor usAdmin = Actor.person(new PersonId(receiving.personId()));
            System.out.printf("machine: %d cores, Java %s%n", Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"));

            long started = System.nanoTime();
            long copied = 0;
            try (Connection connection = euOwner.getConnection()) {
                var copy = connection.unwrap(PGConnection.class).getCopyAPI();
                for (String table : List.of("usage_records", "session_events")) {
                    copied += copy.copyOut("COPY (SELECT * FROM " + table + " WHERE workspace_id = '" + workspace
                            + "') TO STDOUT", OutputStream.nullOutputStream());
                }
            }
            double copySeconds = (System.nanoTime() - started) / 1e9;

            started = System.nanoTime();
            MoveOut.Packaged packaged = eu.getBean(MoveOut.class).start(euAdmin, new WorkspaceId(workspace),
                    Workspace.Region.US);
            double packageSeconds = (System.nanoTime() - started) / 1e9;
            Path file = Path.of("target/bench-move-packages", workspace + ".custos-move");
            System.out.printf("package: %,d rows, %,d bytes, %.2f s (%.2f s per 100,000 rows); plain COPY of the two "
                            + "big tables (%,d rows) to nowhere: %.2f s; ratio %.1f%n", packaged.rows(),
                    Files.size(file), packageSeconds, packageSeconds / (packaged.rows() / 1e5), copied, copySeconds,
                    packageSeconds / copySeconds);

            started = System.nanoTime();
            MoveIn.Arrival arrival;
            try (InputStream in = Files.newInputStream(file)) {
                arrival = us.getBean(MoveIn.class).accept(usAdmin, in,
                        Base64.getUrlDecoder().decode(packaged.transferKey()));
            }
            double arrivalSeconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("arrival: %,d rows, %.2f s (%.2f s per 100,000 rows); ratio to the package %.1f%n",
                    arrival.rows(), arrivalSeconds, arrivalSeconds / (arrival.rows() / 1e5),
                    arrivalSeconds / packageSeconds);

            started = System.nanoTime();
            eu.getBean(MoveOut.class).complete(euAdmin, new WorkspaceId(workspace), arrival.receipt());
            double eraseSeconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("erasure at the source: %.2f s%n", eraseSeconds);
        }
    }
}
