package dev.custos.agent;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;
import dev.custos.platform.AgentId;
import dev.custos.platform.SessionId;
import dev.custos.platform.web.EventStream;
import dev.custos.workspace.WorkspaceAccess;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * A session's events as a Server-Sent Events stream: replayed after a seq ({@code Last-Event-ID} resumes exactly),
 * then followed live while a run is in progress, whichever node stores them.
 */
@Component
class SessionStreams {

    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final Sessions sessions;
    private final SessionLog log;
    private final JsonMapper json;

    SessionStreams(Sessions sessions, SessionLog log, JsonMapper json) {
        this.sessions = sessions;
        this.log = log;
        this.json = json;
    }

    /**
     * Writes events after {@code from} and follows the session while a run is in progress; the stream closes once
     * no run is (it ended, or it waits for an approval). A session at rest is replayed and the stream closes.
     */
    void follow(WorkspaceAccess access, SessionInfo session, long from, HttpServletResponse response)
            throws IOException {
        EventStream out = new EventStream(response);
        out.retry(2000);
        SessionId id = new SessionId(session.id());
        long last = from;
        Instant lastWrite = Instant.now();
        try {
            while (true) {
                List<SessionEvent> events = sessions.slice(access, id, last);
                for (SessionEvent event : events) {
                    write(out, session.id(), event);
                    last = event.seq();
                    lastWrite = Instant.now();
                }
                if (!events.isEmpty()) {
                    continue;
                }
                if (!runInProgress(access, session, id)) {
                    // The run's last event commits with its status: one more read catches anything in between.
                    for (SessionEvent event : sessions.slice(access, id, last)) {
                        write(out, session.id(), event);
                    }
                    return;
                }
                log.awaitNews(id, last);
                if (Duration.between(lastWrite, Instant.now()).compareTo(KEEP_ALIVE) > 0) {
                    out.keepAlive();
                    lastWrite = Instant.now();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away; the run goes on and the stream can be picked up again by Last-Event-ID
        } finally {
            log.stoppedFollowing(id);
        }
    }

    private boolean runInProgress(WorkspaceAccess access, SessionInfo session, SessionId id) {
        return sessions.get(access, new AgentId(session.agentId()), id).status().equals(SessionStatus.RUNNING.key());
    }

    private void write(EventStream out, UUID session, SessionEvent event) throws IOException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("sessionId", session);
        data.put("seq", event.seq());
        data.put("kind", event.kind().key());
        data.put("at", event.at().toString());
        data.put("meta", event.meta());
        data.put("content", event.content());
        out.event(String.valueOf(event.seq()), event.kind().key(), json.writeValueAsString(data));
    }
}
