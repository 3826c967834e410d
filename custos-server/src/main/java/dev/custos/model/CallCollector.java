package dev.custos.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/** Restores placeholders as text streams, forwards events and keeps what the completion needs. */
final class CallCollector implements Consumer<ChatEvent> {
    private final Consumer<ChatEvent> downstream;
    private final @Nullable Redaction redaction;
    private final Redaction.@Nullable StreamingRestore restore;
    private final StringBuilder text = new StringBuilder();
    private final List<ChatEvent.ToolCall> toolCalls = new ArrayList<>();
    private long inputTokens;
    private long outputTokens;
    private String finishReason = "stop";
    private long firstEventAt;
    boolean forwardedAny;

    CallCollector(Consumer<ChatEvent> downstream, @Nullable Redaction redaction) {
        this.downstream = downstream;
        this.redaction = redaction;
        this.restore = redaction == null ? null : redaction.streaming();
    }

    @Override
    public void accept(ChatEvent event) {
        if (firstEventAt == 0) {
            firstEventAt = System.nanoTime();
        }
        switch (event) {
            case ChatEvent.TextDelta delta -> text(restore == null ? delta.text() : restore.accept(delta.text()));
            case ChatEvent.ToolCall call -> {
                ChatEvent.ToolCall restored = redaction == null ? call
                        : new ChatEvent.ToolCall(call.id(), call.name(), redaction.restore(call.argumentsJson()));
                toolCalls.add(restored);
                forward(restored);
            }
            case ChatEvent.ToolCallDelta piece -> {
                // Pieces may split a placeholder: with redaction, only the restored whole call is passed on.
                if (redaction == null) {
                    forward(piece);
                }
            }
            case ChatEvent.ResponseFields fields -> forward(fields);
            case ChatEvent.Usage usage -> {
                // Some providers report usage more than once (Anthropic: input first, output later).
                inputTokens = Math.max(inputTokens, usage.inputTokens());
                outputTokens = Math.max(outputTokens, usage.outputTokens());
                forward(usage);
            }
            case ChatEvent.Finished finished -> {
                if (restore != null) {
                    text(restore.finish());
                }
                finishReason = finished.reason();
                forward(finished);
            }
        }
    }

    private void text(String piece) {
        if (!piece.isEmpty()) {
            text.append(piece);
            forward(new ChatEvent.TextDelta(piece));
        }
    }

    private void forward(ChatEvent event) {
        forwardedAny = true;
        downstream.accept(event);
    }

    /** From the attempt's start to the provider's first event, or to now when none came. */
    Duration firstAnswerAfter(long began) {
        return Duration.ofNanos((firstEventAt == 0 ? System.nanoTime() : firstEventAt) - began);
    }

    ModelGateway.Completion completion() {
        return new ModelGateway.Completion(text.toString(), List.copyOf(toolCalls), inputTokens, outputTokens, finishReason);
    }
}
