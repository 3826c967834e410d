package dev.custos.privacy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.jspecify.annotations.Nullable;

/**
 * The law a request is made under, and the deadlines it sets: GDPR one month (Art. 12(3)), CCPA 45 days
 * (§ 1798.130), KVKK 30 days (Art. 13). GDPR and CCPA allow one extension for complex requests, up to 90 days
 * from receipt in all; KVKK allows none.
 */
public enum Jurisdiction {
    GDPR, CCPA, KVKK;

    static final Duration LONGEST = Duration.ofDays(90);

    Instant deadline(Instant received) {
        return switch (this) {
            case GDPR -> received.atZone(ZoneOffset.UTC).plusMonths(1).toInstant();
            case CCPA -> received.plus(Duration.ofDays(45));
            case KVKK -> received.plus(Duration.ofDays(30));
        };
    }

    /** The deadline as the policy states it. */
    String deadlineInWords() {
        return switch (this) {
            case GDPR -> "one month";
            case CCPA -> "45 days";
            case KVKK -> "30 days";
        };
    }

    /** The latest a request may be extended to, or null where the law allows no extension. */
    @Nullable Instant latestExtension(Instant received) {
        return this == KVKK ? null : received.plus(LONGEST);
    }
}
