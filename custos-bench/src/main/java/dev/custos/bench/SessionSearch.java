package dev.custos.bench;

import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

import dev.custos.keys.ContentSeal;
import dev.custos.platform.PersonId;
import dev.custos.platform.WorkspaceId;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The session history page at volume. Its filters run in SQL; its word search opens the newest
 * {@code SessionQuery.SEARCH_SCOPE} sessions that pass them, because what was said is sealed. This measures what
 * that costs against the plain newest-first list people see first, both through the API. Not a test: run by
 * hand (docs/benchmarks.md). Arguments: sessions, messages per session, requests per case (defaults 5000 10 30).
 */
public final class SessionSearch {

    private static final String PASSWORD = "a-long-enough-passphrase";

    private SessionSearch() {
    }

    public static void main(String[] args) throws Exception {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int messagesPerSession = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int requests = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        try (ConfigurableApplicationContext custos = BenchCustos.start("search")) {
            DataSource owner = custos.getBean("ownerDataSource", DataSource.class);
            ContentSeal seal = custos.getBean(ContentSeal.class);

            ApiSession person = ApiSession.signedUp(custos, "reviewer@example.com", "Reviewer", PASSWORD);
            UUID personId = person.personId();
            UUID workspace = person.createWorkspace("Bench");
            UUID agent = UUID.fromString(person.post("/api/workspaces/" + workspace + "/agents", Map.of("name",
                    "Helper", "instructions", "Help.", "model", "offline/scripted-demo")).path("id").asString());

            System.out.printf("machine: %d cores, Java %s; %,d sessions of %d messages, %d requests per case%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), sessions,
                    messagesPerSession, requests);
            long started = System.nanoTime();
            insertSessions(owner, seal, new WorkspaceId(workspace), new PersonId(personId), agent, sessions,
                    messagesPerSession);
            // Statistics as autovacuum would have them on a running installation, not the fresh table's none.
            JdbcClient.create(owner).sql("ANALYZE agent_sessions, session_events").update();
            System.out.printf("setup: %.1f s%n", (System.nanoTime() - started) / 1e9);

            String history = "/api/workspaces/" + workspace + "/sessions";
            // "zebra" is in every 100th session, "nowhere" in none: a search that fills its page early and one
            // that opens the whole scope and finds nothing.
            String[][] cases = {
                    {"reference: the workspace's own record", "/api/workspaces/" + workspace},
                    {"newest 50, no words", history + "?limit=50"},
                    {"newest 50 of one agent, no words", history + "?limit=50&agent=" + agent},
                    {"words found in 1 session of 100", history + "?limit=50&q=zebra"},
                    {"words found nowhere (opens the whole scope)", history + "?limit=50&q=nowhere"},
            };
            for (String[] each : cases) { // warm-up
                for (int i = 0; i < 5; i++) {
                    person.get(each[1]);
                }
            }
            double baseline = 0; // the plain list, the second case
            System.out.println("| case | results | p50 (ms) | p95 (ms) | p50 vs the plain list |");
            System.out.println("|---|---|---|---|---|");
            for (String[] each : cases) {
                double[] millis = new double[requests];
                String results = "";
                for (int i = 0; i < requests; i++) {
                    long start = System.nanoTime();
                    var body = person.get(each[1]);
                    results = body.isArray() ? String.valueOf(body.size()) : "—";
                    millis[i] = (System.nanoTime() - start) / 1e6;
                }
                Arrays.sort(millis);
                double p50 = millis[requests / 2];
                double p95 = millis[Math.min(requests - 1, (int) Math.ceil(requests * 0.95) - 1)];
                if (each == cases[1]) {
                    baseline = p50;
                }
                System.out.printf("| %s | %s | %.1f | %.1f | %s |%n", each[0], results, p50, p95,
                        baseline == 0 ? "" : "%.1fx".formatted(p50 / baseline));
            }
        }
        System.exit(0);
    }

    private static void insertSessions(DataSource owner, ContentSeal seal, WorkspaceId workspace, PersonId person,
                                       UUID agent, int sessions, int messagesPerSession) throws Exception {
        Instant now = Instant.now();
        try (Connection connection = owner.getConnection();
             var session = connection.prepareStatement("""
                     INSERT INTO agent_sessions (workspace_id, session_id, agent_id, person_id, status, last_seq,
                                                 created_at, updated_at)
                     VALUES (?, ?, ?, ?, 'idle', ?, ?, ?)""");
             var event = connection.prepareStatement("""
                     INSERT INTO session_events (workspace_id, session_id, seq, kind, content, meta, created_at)
                     VALUES (?, ?, ?, ?, ?, '{}'::jsonb, ?)""")) {
            connection.setAutoCommit(false);
            for (int s = 0; s < sessions; s++) {
                UUID id = UUID.randomUUID();
                Timestamp at = Timestamp.from(now.minusSeconds(60L * s));
                session.setObject(1, workspace.id());
                session.setObject(2, id);
                session.setObject(3, agent);
                session.setObject(4, person.id());
                session.setLong(5, messagesPerSession);
                session.setTimestamp(6, at);
                session.setTimestamp(7, at);
                session.addBatch();
                for (int m = 1; m <= messagesPerSession; m++) {
                    boolean asked = m % 2 == 1;
                    String text = (asked ? "Question " : "Answer ") + m + " of session " + s
                            + (s % 100 == 0 && m == 1 ? ", about the zebra crossing" : "")
                            + ": a message of ordinary length, about the size people write to an agent in a day.";
                    event.setObject(1, workspace.id());
                    event.setObject(2, id);
                    event.setLong(3, m);
                    event.setString(4, asked ? "user_message" : "assistant_message");
                    event.setBytes(5, seal.seal(workspace, person, "{\"text\":\"" + text + "\"}",
                            "session-event|" + id + "|" + m));
                    event.setTimestamp(6, at);
                    event.addBatch();
                }
                if (s % 200 == 199) {
                    session.executeBatch();
                    event.executeBatch();
                    connection.commit();
                }
            }
            session.executeBatch();
            event.executeBatch();
            connection.commit();
        }
    }
}
