package dev.custos.privacy.requests;

import java.util.Arrays;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.custos.platform.web.CustosException;

/** Where a data-subject request stands; stored and sent as its key ({@code in_progress}). */
public enum RequestStatus {
    RECEIVED, IN_PROGRESS, COMPLETED, REJECTED;

    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status in words, for pages and messages: "in progress". */
    public String words() {
        return key().replace('_', ' ');
    }

    static RequestStatus of(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }

    /** A status an administrator moves a request to; refused unless it is one of those. */
    static RequestStatus advancedTo(String key) {
        return Arrays.stream(values()).filter(status -> status != RECEIVED && status.key().equalsIgnoreCase(key))
                .findFirst().orElseThrow(() -> CustosException.invalid("invalid-status",
                        "status must be in_progress, completed or rejected."));
    }
}
