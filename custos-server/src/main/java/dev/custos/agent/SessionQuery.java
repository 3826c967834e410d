package dev.custos.agent;

import java.time.Instant;
import java.util.UUID;

import dev.custos.platform.web.CustosException;
import org.jspecify.annotations.Nullable;

/**
 * What a session history asks for: filters on what is stored in clear (agent, status, who started it, when),
 * and words to find in what was said, which is sealed and so searched by opening the newest matching sessions.
 */
public record SessionQuery(@Nullable UUID agent, @Nullable String status, @Nullable UUID person,
                           @Nullable Instant from, @Nullable Instant to, @Nullable String text, int limit) {

    /** How many of the newest sessions that pass the filters a text search opens. */
    public static final int SEARCH_SCOPE = 500;

    public SessionQuery {
        if (status != null && !status.isBlank() && !status.matches("idle|running|awaiting_approval")) {
            throw CustosException.invalid("invalid-status", "status is one of idle, running, awaiting_approval.");
        }
        status = status == null || status.isBlank() ? null : status;
        text = text == null || text.isBlank() ? null : text.strip();
        if (text != null && text.length() > 200) {
            throw CustosException.invalid("invalid-search", "Search for at most 200 characters.");
        }
        limit = Math.clamp(limit, 1, 200);
    }
}
