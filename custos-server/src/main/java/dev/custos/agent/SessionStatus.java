package dev.custos.agent;

import java.util.Locale;

/** Where a session's run stands; stored in {@code agent_sessions.status} by {@link SessionStates} alone. */
enum SessionStatus {
    /** No run: the session waits for its next message. */
    IDLE,
    /** A run is working (a node holds its lease). */
    RUNNING,
    /** A run waits for a person's decision on a tool call. */
    AWAITING_APPROVAL,
    /** A run waits for the terminal client that offered a local tool to run it and answer. */
    AWAITING_CLIENT;

    String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    static SessionStatus of(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }
}
