package dev.custos.privacy.requests;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import dev.custos.platform.HumanTime;
import dev.custos.platform.web.CustosException;
import org.jspecify.annotations.Nullable;

/**
 * The law a request is made under, and the deadlines that follow. Each law sets its own: GDPR one month (Art.
 * 12(3)), CCPA 45 days (§ 1798.130), KVKK 30 days (Art. 13). Custos promises more (DR-08): every request is
 * answered within 30 days, so the deadline is the earlier of the law's and 30 days from receipt. GDPR and CCPA
 * allow one extension for complex requests, up to 90 days from receipt in all; KVKK allows none.
 */
public enum Jurisdiction {
    GDPR, CCPA, KVKK;

    /** What Custos promises whatever the law: an answer within 30 days of receipt. */
    static final Duration PROMISED = Duration.ofDays(30);
    static final Duration LONGEST = Duration.ofDays(90);

    public Instant deadline(Instant received) {
        Instant legal = switch (this) {
            case GDPR -> received.atZone(ZoneOffset.UTC).plusMonths(1).toInstant();
            case CCPA -> received.plus(Duration.ofDays(45));
            case KVKK -> received.plus(Duration.ofDays(30));
        };
        Instant promised = received.plus(PROMISED);
        return legal.isBefore(promised) ? legal : promised;
    }

    /** The deadline as the policy states it: the law's, and Custos's own when it is shorter. */
    public String deadlineInWords() {
        return switch (this) {
            case GDPR -> "one month or 30 days, whichever is shorter";
            case CCPA -> "30 days (the law allows 45)";
            case KVKK -> "30 days";
        };
    }

    /**
     * Refuses an extension the law or the promise does not allow (DR-08): a second one, any under KVKK, one that does
     * not move the deadline later or moves it past 90 days from receipt, one without a reason the requester reads.
     */
    void checkExtension(Instant received, Instant currentDue, boolean extendedBefore, Instant newDue, String reason) {
        if (reason.isBlank()) {
            throw CustosException.invalid("reason-required", "An extension needs a reason the requester will read.");
        }
        if (extendedBefore) {
            throw CustosException.conflict("already-extended", "A request can be extended only once.");
        }
        Instant latest = latestExtension(received);
        if (latest == null) {
            throw CustosException.conflict("extension-not-allowed",
                    this + " allows no extension: answer within the original deadline.");
        }
        if (!newDue.isAfter(currentDue) || newDue.isAfter(latest)) {
            throw CustosException.invalid("invalid-extension", "The new deadline must be after the current one "
                    + "and no later than " + HumanTime.dateTime(latest) + " (90 days after receipt).");
        }
    }

    /** The latest a request may be extended to, or null where the law allows no extension. */
    public @Nullable Instant latestExtension(Instant received) {
        return this == KVKK ? null : received.plus(LONGEST);
    }
}
