package dev.custos.platform;

import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonValue;

/** A model provider in the installation's registry. */
public record ProviderId(@JsonValue UUID id) implements TypedId {

    public ProviderId {
        Objects.requireNonNull(id, "id");
    }

    public static ProviderId random() {
        return new ProviderId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return id.toString();
    }
}
