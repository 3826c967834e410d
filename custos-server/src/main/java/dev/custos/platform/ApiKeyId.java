package dev.custos.platform;

import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonValue;

/** An API key: a credential of one person in one workspace, with scopes. */
public record ApiKeyId(@JsonValue UUID id) implements TypedId {

    public ApiKeyId {
        Objects.requireNonNull(id, "id");
    }

    public static ApiKeyId random() {
        return new ApiKeyId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return id.toString();
    }
}
