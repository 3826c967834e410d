package dev.custos.platform;

import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonValue;

/** An agent session. */
public record SessionId(@JsonValue UUID id) implements TypedId {

    public SessionId {
        Objects.requireNonNull(id, "id");
    }

    public static SessionId random() {
        return new SessionId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return id.toString();
    }
}
