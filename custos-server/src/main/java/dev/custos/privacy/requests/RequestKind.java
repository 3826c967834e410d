package dev.custos.privacy.requests;

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

    /** The request in words, with its article: "an erasure request", "a portability request". */
    public String inWords() {
        String noun = switch (this) {
            case CONSENT_WITHDRAWAL -> "consent withdrawal";
            case OBJECTION -> "objection";
            default -> key() + " request";
        };
        return ("aeiou".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
    }

    /** What the request asks for, as the person making it would say it. */
    public String asked() {
        return switch (this) {
            case ACCESS -> "See the personal data held about me";
            case PORTABILITY -> "Get a copy of my data to take elsewhere";
            case RECTIFICATION -> "Correct data about me that is wrong";
            case ERASURE -> "Delete the data held about me";
            case RESTRICTION -> "Stop using my data for now, but keep it";
            case OBJECTION -> "Object to how my data is used";
            case CONSENT_WITHDRAWAL -> "Withdraw a consent I gave";
        };
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
