package dev.custos.privacy.requests;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A data-subject request as its requester and the administrators see it.
 *
 * @param overdue  still open after its deadline
 * @param daysLeft whole days until the deadline (negative once overdue), while open
 */
public record PrivacyRequest(UUID id, UUID personId, RequestKind kind, Jurisdiction jurisdiction, RequestStatus status,
                             Instant receivedAt, Instant dueAt, @Nullable Instant extendedAt,
                             @Nullable String extensionReason, UUID submittedBy, String verification,
                             @Nullable Instant closedAt, boolean overdue, @Nullable Long daysLeft,
                             List<Step> history) {

    public PrivacyRequest {
        history = List.copyOf(history);
    }

    /** One step of the request's history. */
    public record Step(Instant at, RequestStatus status, @Nullable UUID actorId, String note) {
    }

    static PrivacyRequest of(UUID id, UUID personId, RequestKind kind, Jurisdiction jurisdiction, RequestStatus status,
                             Instant receivedAt, Instant dueAt, @Nullable Instant extendedAt,
                             @Nullable String extensionReason, UUID submittedBy, String verification,
                             @Nullable Instant closedAt, Instant now, List<Step> history) {
        boolean open = closedAt == null;
        Long daysLeft = open ? Math.floorDiv(Duration.between(now, dueAt).toHours(), 24) : null;
        return new PrivacyRequest(id, personId, kind, jurisdiction, status, receivedAt, dueAt, extendedAt,
                extensionReason, submittedBy, verification, closedAt, open && now.isAfter(dueAt), daysLeft, history);
    }
}
