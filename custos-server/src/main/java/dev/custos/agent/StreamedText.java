package dev.custos.agent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

import dev.custos.model.ChatEvent;
import org.jspecify.annotations.Nullable;

/**
 * Gathers a model's streamed text into a few pieces a second: each piece goes to {@code checkpoint}, which stores
 * it and may stop the run (cancelled, lease lost) by throwing. Also notes when the first token came.
 */
final class StreamedText implements Consumer<ChatEvent> {

    private final Clock clock;
    private final Duration interval;
    private final Consumer<String> checkpoint;
    private final StringBuilder pending = new StringBuilder();
    private Instant lastFlush;
    private @Nullable Instant firstAt;

    StreamedText(Clock clock, Duration interval, Consumer<String> checkpoint) {
        this.clock = clock;
        this.interval = interval;
        this.checkpoint = checkpoint;
        this.lastFlush = clock.instant();
    }

    @Override
    public void accept(ChatEvent event) {
        if (event instanceof ChatEvent.TextDelta delta) {
            if (firstAt == null) {
                firstAt = clock.instant();
            }
            pending.append(delta.text());
            if (Duration.between(lastFlush, clock.instant()).compareTo(interval) >= 0) {
                flush();
            }
        }
    }

    /** Hands what is gathered (possibly nothing) to the checkpoint. */
    void flush() {
        lastFlush = clock.instant();
        String text = pending.toString();
        pending.setLength(0);
        checkpoint.accept(text);
    }

    @Nullable Instant firstAt() {
        return firstAt;
    }
}
