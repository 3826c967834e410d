package dev.custos.bench;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Rows a benchmark gives a workspace directly, as its owner: usage records and events of one session. */
final class BenchRows {

    private BenchRows() {
    }

    /** {@code usage} usage rows over the last 50 days, and {@code events} 200-byte events in the session. */
    static void seed(JdbcClient owner, UUID workspace, UUID person, UUID session, long usage, long events) {
        owner.sql("SELECT usage_partitions_ensure((now() AT TIME ZONE 'UTC')::date - 60, 60)")
                .query(Integer.class).single();
        owner.sql("""
                INSERT INTO usage_records (workspace_id, call_id, occurred_at, person_id, provider_id, model,
                                           input_tokens, output_tokens, tool_calls)
                SELECT :w, gen_random_uuid(), now() - (i % 50) * interval '1 day', :p,
                       '00000000-0000-4000-8000-00000000005c', 'scripted-demo', 120, 40, i % 2
                FROM generate_series(1, :n) i""")
                .param("w", workspace).param("p", person).param("n", usage).update();
        long last = owner.sql("SELECT last_seq FROM agent_sessions WHERE session_id = :s").param("s", session)
                .query(Long.class).single();
        owner.sql("""
                INSERT INTO session_events (workspace_id, session_id, seq, kind, content, meta, created_at)
                SELECT :w, :s, :last + i, 'text_delta', convert_to(repeat(md5(i::text), 6), 'UTF8'), '{}'::jsonb, now()
                FROM generate_series(1, :n) i""")
                .param("w", workspace).param("s", session).param("last", last).param("n", events).update();
        owner.sql("UPDATE agent_sessions SET last_seq = :l WHERE session_id = :s")
                .param("l", last + events).param("s", session).update();
    }
}
