package dev.custos.privacy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

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

    Instant deadline(Instant received) {
        Instant legal = switch (this) {
            case GDPR -> received.atZone(ZoneOffset.UTC).plusMonths(1).toInstant();
            case CCPA -> received.plus(Duration.ofDays(45));
            case KVKK -> received.plus(Duration.ofDays(30));
        };
        Instant promised = received.plus(PROMISED);
        return legal.isBefore(promised) ? legal : promised;
    }

    /** The deadline as the policy states it: the law's, and Custos's own when it is shorter. */
    String deadlineInWords() {
        return switch (this) {
            case GDPR -> "one month or 30 days, whichever is shorter";
            case CCPA -> "30 days (the law allows 45)";
            case KVKK -> "30 days";
        };
    }

    /** The latest a request may be extended to, or null where the law allows no extension. */
    @Nullable Instant latestExtension(Instant received) {
        return this == KVKK ? null : received.plus(LONGEST);
    }
}
