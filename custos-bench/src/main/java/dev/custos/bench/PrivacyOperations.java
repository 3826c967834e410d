package dev.custos.bench;

import java.io.OutputStream;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

import dev.custos.keys.ContentSeal;
import dev.custos.platform.PersonId;
import dev.custos.platform.WorkspaceId;
import dev.custos.privacy.retention.Retention;
import org.postgresql.PGConnection;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The privacy engine at volume: for one person with many messages and usage rows, how long their export takes
 * (against a plain {@code COPY} of the same rows), how soon their content is unreadable after they ask for
 * erasure, how fast the purge deletes, and how fast retention expires usage rows. Not a test: run by hand
 * (docs/benchmarks.md). Arguments: messages, usage rows, rows to expire (defaults 100000 1000000 10000000).
 */
public final class PrivacyOperations {

    private static final String PASSWORD = "a-long-enough-passphrase";

    private PrivacyOperations() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int usageRows = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int expireRows = args.length > 2 ? Integer.parseInt(args[2]) : 10_000_000;
        try (ConfigurableApplicationContext custos = BenchCustos.start("privacy")) {
            DataSource owner = custos.getBean("ownerDataSource", DataSource.class);
            JdbcClient sql = JdbcClient.create(owner);
            ContentSeal seal = custos.getBean(ContentSeal.class);

            ApiSession person = ApiSession.signedUp(custos, "subject@example.com", "Subject", PASSWORD);
            UUID personId = person.personId();
            UUID workspace = person.createWorkspace("Bench");
            UUID session = person.sessionWithDemoAgent(workspace);

            System.out.printf("machine: %d cores, Java %s; %,d messages, %,d usage rows, %,d rows to expire%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), messages,
                    usageRows, expireRows);
            long started = System.nanoTime();
            long firstSeq = sql.sql("SELECT last_seq FROM agent_sessions WHERE session_id = :s").param("s", session)
                    .query(Long.class).single() + 1;
            insertMessages(owner, seal, new WorkspaceId(workspace), new PersonId(personId), session, firstSeq,
                    messages);
            // Day partitions for the months the rows span, as a long-running installation has them.
            sql.sql("SELECT usage_partitions_ensure((now() AT TIME ZONE 'UTC')::date - 140, 140)")
                    .query(Integer.class).single();
            sql.sql("UPDATE agent_sessions SET last_seq = :last WHERE session_id = :s")
                    .param("last", firstSeq + messages - 1).param("s", session).update();
            sql.sql("""
                    INSERT INTO usage_records (workspace_id, call_id, occurred_at, person_id, provider_id, model,
                                               input_tokens, output_tokens, tool_calls)
                    SELECT :w, gen_random_uuid(), now() - (i % 80) * interval '1 day', :p,
                           '00000000-0000-4000-8000-00000000005c', 'scripted-demo', 120, 40, i % 2
                    FROM generate_series(1, :n) i""")
                    .param("w", workspace).param("p", personId).param("n", usageRows).update();
            System.out.printf("setup: %.1f s%n", (System.nanoTime() - started) / 1e9);

            // Export through the product, against COPY of the same rows.
            started = System.nanoTime();
            String url = person.post("/api/privacy/exports", Map.of("password", PASSWORD)).path("url").asString();
            long bytes = person.download(url);
            double exportSeconds = (System.nanoTime() - started) / 1e9;
            started = System.nanoTime();
            try (Connection connection = owner.getConnection()) {
                var copy = connection.unwrap(PGConnection.class).getCopyAPI();
                copy.copyOut("COPY (SELECT * FROM session_events WHERE session_id = '" + session + "') TO STDOUT",
                        OutputStream.nullOutputStream());
                copy.copyOut("COPY (SELECT * FROM usage_records WHERE person_id = '" + personId + "') TO STDOUT",
                        OutputStream.nullOutputStream());
            }
            double copySeconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("export: %.1f s, %,d bytes zipped; COPY of the same rows (still sealed): %.1f s; "
                    + "ratio %.1f%n", exportSeconds, bytes, copySeconds, exportSeconds / copySeconds);

            // Erasure: unreadable when the request returns; then the purge.
            byte[] sample = sql.sql("SELECT content FROM session_events WHERE session_id = :s AND seq = :q")
                    .param("s", session).param("q", firstSeq).query((rs, n) -> rs.getBytes(1)).single();
            started = System.nanoTime();
            UUID request = UUID.fromString(person.post("/api/privacy/erasure", Map.of("password", PASSWORD))
                    .path("id").asString());
            double requestSeconds = (System.nanoTime() - started) / 1e9;
            boolean unreadable;
            try {
                seal.open(new WorkspaceId(workspace), new PersonId(personId), sample,
                        "session-event|" + session + "|" + firstSeq);
                unreadable = false;
            } catch (ContentSeal.SealBroken e) {
                unreadable = true;
            }
            long purgeStart = System.nanoTime();
            while (!sql.sql("SELECT status FROM privacy_requests WHERE request_id = :id").param("id", request)
                    .query(String.class).single().equals("completed")) {
                Thread.sleep(200);
            }
            double purgeSeconds = (System.nanoTime() - purgeStart) / 1e9;
            long purged = messages + usageRows + 1;
            System.out.printf("erasure: content unreadable %s when the request returned, %.3f s after it was "
                    + "sent; purge of ~%,d rows: %.1f s (%,.0f rows/s)%n", unreadable ? "yes" : "NO",
                    requestSeconds, purged, purgeSeconds, purged / purgeSeconds);

            // Retention: expire usage rows in another workspace.
            ApiSession other = ApiSession.signedUp(custos, "other@example.com", "Other", PASSWORD);
            UUID otherWorkspace = other.createWorkspace("Old");
            // Expired days, spread over 30 days 100 to 129 days ago: dropped whole.
            started = System.nanoTime();
            sql.sql("""
                    INSERT INTO usage_records (workspace_id, call_id, occurred_at, person_id, provider_id, model,
                                               input_tokens, output_tokens, tool_calls)
                    SELECT :w, gen_random_uuid(), now() - interval '100 days' - (i % 30) * interval '1 day',
                           gen_random_uuid(), '00000000-0000-4000-8000-00000000005c', 'scripted-demo', 120, 40, 0
                    FROM generate_series(1, :n) i""").param("w", otherWorkspace).param("n", expireRows).update();
            System.out.printf("setup of %,d expired usage rows: %.1f s%n", expireRows,
                    (System.nanoTime() - started) / 1e9);
            started = System.nanoTime();
            List<Retention.Purge> purges = custos.getBean(Retention.class).run();
            double dropSeconds = (System.nanoTime() - started) / 1e9;
            long dropped = purges.stream().filter(purge -> purge.table().equals("usage_records"))
                    .mapToLong(Retention.Purge::deleted).sum();
            System.out.printf("retention by partition drop: %,d usage rows in %.2f s (%,.0f rows/s)%n",
                    dropped, dropSeconds, dropped / dropSeconds);

            // The same job deleting row by row: rows older than every partition, in the default partition.
            int rowByRow = Math.max(1, expireRows / 10);
            sql.sql("""
                    INSERT INTO usage_records (workspace_id, call_id, occurred_at, person_id, provider_id, model,
                                               input_tokens, output_tokens, tool_calls)
                    SELECT :w, gen_random_uuid(), now() - interval '200 days', gen_random_uuid(),
                           '00000000-0000-4000-8000-00000000005c', 'scripted-demo', 120, 40, 0
                    FROM generate_series(1, :n)""").param("w", otherWorkspace).param("n", rowByRow).update();
            started = System.nanoTime();
            purges = custos.getBean(Retention.class).run();
            double deleteSeconds = (System.nanoTime() - started) / 1e9;
            long deleted = purges.stream().filter(purge -> purge.table().equals("usage_records"))
                    .mapToLong(Retention.Purge::deleted).sum();
            System.out.printf("retention row by row (5,000-row transactions): %,d usage rows in %.1f s "
                    + "(%,.0f rows/s); partition drop is %.0fx faster per row%n", deleted, deleteSeconds,
                    deleted / deleteSeconds, (dropped / dropSeconds) / (deleted / deleteSeconds));
        }
        System.exit(0);
    }

    private static void insertMessages(DataSource owner, ContentSeal seal, WorkspaceId workspace, PersonId person,
                                       UUID session, long firstSeq, int count) throws Exception {
        try (Connection connection = owner.getConnection();
             var insert = connection.prepareStatement("""
                     INSERT INTO session_events (workspace_id, session_id, seq, kind, content, meta, created_at)
                     VALUES (?, ?, ?, ?, ?, ?::jsonb, now())""")) {
            connection.setAutoCommit(false);
            for (int i = 0; i < count; i++) {
                long seq = firstSeq + i;
                String text = (i % 2 == 0 ? "Question " : "Answer ") + i
                        + ": a message of ordinary length, about the size people write to an agent in a working day.";
                insert.setObject(1, workspace.id());
                insert.setObject(2, session);
                insert.setLong(3, seq);
                insert.setString(4, i % 2 == 0 ? "user_message" : "assistant_message");
                insert.setBytes(5, seal.seal(workspace, person, "{\"text\":\"" + text + "\"}",
                        "session-event|" + session + "|" + seq));
                insert.setString(6, "{}");
                insert.addBatch();
                if (i % 1000 == 999) {
                    insert.executeBatch();
                    connection.commit();
                }
            }
            insert.executeBatch();
            connection.commit();
        }
    }
}
