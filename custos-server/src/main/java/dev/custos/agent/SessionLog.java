package dev.custos.agent;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.custos.keys.ContentSeal;
import dev.custos.platform.PersonId;
import dev.custos.platform.SessionId;
import dev.custos.platform.SqlTime;
import dev.custos.platform.ChangeNotices;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sealed, ordered record of a session. Appends number events with the session's {@code last_seq} (a row
 * lock, so concurrent appends to one session queue; other sessions proceed). Readers of a live session wait on
 * an in-process signal and fall back to polling, so a stream on one node sees events written on another.
 */
@Component
class SessionLog {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    /** How often a follower looks while changes are not heard (the listener reconnecting). */
    private static final Duration POLL_UNHEARD = Duration.ofSeconds(1);

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final ContentSeal seal;
    private final JsonMapper json;
    private final Clock clock;
    private final ChangeNotices notices;
    private final Duration followPoll;
    private final Map<SessionId, Signal> signals = new ConcurrentHashMap<>();

    /** The newest seq this node has written for a session, for its readers to wait on. */
    private static final class Signal {
        long latest;
        int waiting;
    }

    SessionLog(JdbcClient jdbc, Tenancy tenancy, ContentSeal seal, JsonMapper json, Clock clock,
               ChangeNotices notices, AgentProperties properties) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.seal = seal;
        this.json = json;
        this.clock = clock;
        this.notices = notices;
        this.followPoll = properties.followPoll();
        // Events written on any node (the trigger on session_events): wake this node's readers of that session.
        notices.subscribe("session", this::heard);
    }

    private void heard(String key) {
        if (key.equals(ChangeNotices.ALL)) { // the listener reconnected: anything may have been missed
            signals.values().forEach(signal -> {
                synchronized (signal) {
                    signal.notifyAll();
                }
            });
            return;
        }
        int colon = key.lastIndexOf(':');
        try {
            Signal signal = colon < 0 ? null : signals.get(new SessionId(UUID.fromString(key.substring(0, colon))));
            if (signal != null) { // nobody here follows it otherwise
                synchronized (signal) {
                    signal.latest = Math.max(signal.latest, Long.parseLong(key.substring(colon + 1)));
                    signal.notifyAll();
                }
            }
        } catch (IllegalArgumentException notOurs) {
            // not a notice the trigger wrote: nothing to wake
        }
    }

    /** Appends within the caller's transaction (which must be bound to the workspace); returns the event's seq. */
    long append(WorkspaceId workspace, SessionId session, SessionEvent.Kind kind, Map<String, ?> meta,
                Map<String, ?> content) {
        var numbered = jdbc.sql("""
                        UPDATE agent_sessions SET last_seq = last_seq + 1, updated_at = :now
                        WHERE workspace_id = :ws AND session_id = :session RETURNING last_seq, person_id""")
                .param("ws", workspace.id()).param("session", session).param("now", SqlTime.of(clock.instant()))
                .query((rs, n) -> Map.entry(rs.getLong(1), new PersonId(rs.getObject(2, UUID.class)))).single();
        long seq = numbered.getKey();
        // Sealed under the key of the person whose session it is: erasing them shreds it.
        jdbc.sql("""
                INSERT INTO session_events (workspace_id, session_id, seq, kind, content, meta, created_at)
                VALUES (:ws, :session, :seq, :kind, :content, :meta::jsonb, :now)""")
                .param("ws", workspace.id()).param("session", session).param("seq", seq).param("kind", kind.key())
                .param("content", content.isEmpty() ? null : seal.seal(workspace, numbered.getValue(),
                        json.writeValueAsString(content), sealContext(session, seq)))
                .param("meta", json.writeValueAsString(meta)).param("now", SqlTime.of(clock.instant())).update();
        return seq;
    }

    /** Appends in a transaction of its own and wakes the session's readers. */
    long appendNow(WorkspaceId workspace, SessionId session, SessionEvent.Kind kind, Map<String, ?> meta,
                   Map<String, ?> content) {
        long seq = tenancy.inWorkspace(workspace, null, () -> append(workspace, session, kind, meta, content));
        signal(session, seq, kind.endsRun());
        return seq;
    }

    /** Wakes readers waiting on the session; call after the appending transaction committed. */
    void signal(SessionId session, long seq, boolean runEnded) {
        Signal signal = signals.computeIfAbsent(session, id -> new Signal());
        synchronized (signal) {
            signal.latest = Math.max(signal.latest, seq);
            signal.notifyAll();
        }
        if (runEnded) {
            signals.remove(session, signal); // later readers poll once, then find the run's end in the rows
        }
    }

    /** The kind of the event that follows this one, if any: read without opening any content. */
    Optional<SessionEvent.Kind> kindAfter(WorkspaceId workspace, SessionId session, long afterSeq) {
        return jdbc.sql("""
                        SELECT kind FROM session_events
                        WHERE workspace_id = :ws AND session_id = :session AND seq > :after
                        ORDER BY seq LIMIT 1""")
                .param("ws", workspace.id()).param("session", session).param("after", afterSeq)
                .query((rs, n) -> SessionEvent.Kind.of(rs.getString(1))).optional();
    }

    /**
     * The events after {@code afterSeq}, opened. Must run bound to the workspace. Content whose person was erased
     * reads as {@code {"erased": true}}: the record of what happened stays, what was said is gone.
     */
    List<SessionEvent> after(WorkspaceId workspace, SessionId session, long afterSeq, int limit) {
        return jdbc.sql("""
                        SELECT e.seq, e.kind, e.content, e.meta, e.created_at, s.person_id
                        FROM session_events e JOIN agent_sessions s USING (workspace_id, session_id)
                        WHERE e.workspace_id = :ws AND e.session_id = :session AND e.seq > :after
                        ORDER BY e.seq LIMIT :limit""")
                .param("ws", workspace.id()).param("session", session).param("after", afterSeq).param("limit", limit)
                .query((rs, n) -> {
                    long seq = rs.getLong("seq");
                    byte[] sealed = rs.getBytes("content");
                    PersonId person = new PersonId(rs.getObject("person_id", UUID.class));
                    return new SessionEvent(seq, SessionEvent.Kind.of(rs.getString("kind")),
                            SqlTime.instant(rs, "created_at"), json.readValue(rs.getString("meta"), MAP),
                            sealed == null ? Map.of() : opened(workspace, person, sealed, session, seq));
                })
                .list();
    }

    /** What was said in a session, as far as it can still be read: erased content shows as erased, not as silence. */
    record Said(List<String> texts, boolean erased) {
        static final Said NOTHING = new Said(List.of(), false);
    }

    /**
     * The texts people and agents wrote in these sessions (user and assistant messages), opened, in order per
     * session. Must run bound to the workspace. For titles and for searching what is sealed.
     */
    Map<UUID, Said> messages(WorkspaceId workspace, List<UUID> sessions) {
        Map<UUID, List<String>> texts = new LinkedHashMap<>();
        Set<UUID> erased = new HashSet<>();
        if (sessions.isEmpty()) {
            return Map.of();
        }
        jdbc.sql("""
                        SELECT e.session_id, e.seq, e.content, s.person_id
                        FROM session_events e JOIN agent_sessions s USING (workspace_id, session_id)
                        WHERE e.workspace_id = :ws AND e.session_id = ANY(:sessions)
                          AND e.kind IN ('user_message', 'assistant_message') AND e.content IS NOT NULL
                        ORDER BY e.session_id, e.seq""")
                .param("ws", workspace.id()).param("sessions", sessions.toArray(UUID[]::new))
                .query(rs -> {
                    UUID session = rs.getObject("session_id", UUID.class);
                    Map<String, Object> content = opened(workspace, new PersonId(rs.getObject("person_id", UUID.class)),
                            rs.getBytes("content"), new SessionId(session), rs.getLong("seq"));
                    if (content.containsKey("erased")) {
                        erased.add(session);
                    } else if (content.get("text") instanceof String written && !written.isBlank()) {
                        texts.computeIfAbsent(session, id -> new ArrayList<>()).add(written);
                    }
                });
        Map<UUID, Said> said = new LinkedHashMap<>();
        for (UUID session : sessions) {
            if (texts.containsKey(session) || erased.contains(session)) {
                said.put(session, new Said(texts.getOrDefault(session, List.of()), erased.contains(session)));
            }
        }
        return said;
    }

    private Map<String, Object> opened(WorkspaceId workspace, PersonId person, byte[] sealed, SessionId session,
                                       long seq) {
        try {
            return json.readValue(seal.open(workspace, person, sealed, sealContext(session, seq)), MAP);
        } catch (ContentSeal.SealBroken e) {
            return Map.of("erased", true);
        }
    }

    /**
     * Waits until the session may have news after {@code knownSeq}: an event written on this node or, by its notice,
     * on another; or the poll interval elapsed, the safety net (short while notices are not heard).
     */
    void awaitNews(SessionId session, long knownSeq) throws InterruptedException {
        Signal signal = signals.computeIfAbsent(session, id -> new Signal());
        synchronized (signal) {
            if (signal.latest <= knownSeq) {
                signal.waiting++;
                try {
                    signal.wait((notices.listening() ? followPoll : POLL_UNHEARD).toMillis());
                } finally {
                    signal.waiting--;
                }
            }
        }
    }

    /** A reader stopped following: the session's signal goes once nobody here waits on it (a run elsewhere). */
    void stoppedFollowing(SessionId session) {
        signals.computeIfPresent(session, (id, signal) -> {
            synchronized (signal) {
                return signal.waiting == 0 ? null : signal;
            }
        });
    }

    static String sealContext(SessionId session, long seq) {
        return "session-event|" + session + "|" + seq;
    }
}
