package dev.custos.agent;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * One thing that happened in a session, opened for someone allowed to read it.
 *
 * @param meta    identifiers, counts and timings (stored in clear)
 * @param content what was said or produced (stored sealed), empty for events without content
 */
public record SessionEvent(long seq, Kind kind, Instant at, Map<String, Object> meta, Map<String, Object> content) {

    public SessionEvent {
        meta = Map.copyOf(meta);
        content = Map.copyOf(content);
    }

    /** The last non-empty thing the assistant said among {@code events}: a run's answer. */
    public static Optional<String> lastAnswer(List<SessionEvent> events) {
        return events.stream().filter(event -> event.kind() == Kind.ASSISTANT_MESSAGE)
                .map(event -> String.valueOf(event.content().getOrDefault("text", "")))
                .filter(text -> !text.isBlank()).reduce((first, last) -> last);
    }

    /** The kinds of event, as they appear in streams ({@code event:} field) and in the stored record. */
    public enum Kind {
        USER_MESSAGE, RUN_STARTED, TEXT_DELTA, ASSISTANT_MESSAGE, TOOL_RESULT, APPROVAL_REQUESTED, APPROVAL_DECIDED,
        RUN_COMPLETED, RUN_FAILED, RUN_CANCELLED,
        /**
         * A step cut off while its text streamed (its node died) starts again: text deltas after the event named
         * by {@code meta.discardAfter} belong to the abandoned attempt, and a client drops what it showed of them.
         */
        STEP_RESTARTED,
        /** A local tool's call handed to the terminal client that offered it; its answer is a tool result. */
        LOCAL_TOOL_REQUESTED;

        @JsonValue
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Kind of(String key) {
            return valueOf(key.toUpperCase(Locale.ROOT));
        }

        /** Streamed text and its restart marks: what the stored messages already hold in full. */
        public boolean isStreamingDetail() {
            return this == TEXT_DELTA || this == STEP_RESTARTED;
        }

        /** Whether the run stops here, for now or for good: a live stream of the run ends after it. */
        public boolean endsRun() {
            return this == RUN_COMPLETED || this == RUN_FAILED || this == RUN_CANCELLED || this == APPROVAL_REQUESTED
                    || this == LOCAL_TOOL_REQUESTED;
        }
    }
}
