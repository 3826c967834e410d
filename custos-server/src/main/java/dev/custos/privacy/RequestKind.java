package dev.custos.privacy;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.custos.platform.web.CustosException;

/** The rights a person can exercise. */
public enum RequestKind {
    ACCESS, PORTABILITY, RECTIFICATION, ERASURE, RESTRICTION, OBJECTION, CONSENT_WITHDRAWAL;

    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static RequestKind of(String key) {
        for (RequestKind kind : values()) {
            if (kind.key().equals(key)) {
                return kind;
            }
        }
        throw CustosException.invalid("unknown-request-kind", "kind must be one of access, portability, "
                + "rectification, erasure, restriction, objection, consent_withdrawal.");
    }
}
