package dev.custos.agent;

/**
 * A session as a history lists it: its state and a title, the start of its first message (opened for the reader;
 * stored sealed like everything said).
 */
public record SessionSummary(SessionInfo session, String title) {
}
