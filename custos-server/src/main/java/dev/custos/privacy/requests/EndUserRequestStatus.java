package dev.custos.privacy.requests;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where an end user's request stands: unconfirmed until the requester opens the mailed link, then waiting for
 * the instruction of whoever answers it, then fulfilled or declined. Stored and sent as its key.
 */
public enum EndUserRequestStatus {
    UNVERIFIED, AWAITING_INSTRUCTION, FULFILLED, DECLINED;

    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status in words, for pages: "awaiting instruction". */
    public String words() {
        return key().replace('_', ' ');
    }

    static EndUserRequestStatus of(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }
}
