package dev.custos.platform;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonValue;

/** A person known to this installation, independent of any workspace. */
public record PersonId(@JsonValue UUID id) implements Serializable {

    public PersonId {
        Objects.requireNonNull(id, "id");
    }

    public static PersonId random() {
        return new PersonId(UUID.randomUUID());
    }

    public static PersonId of(String text) {
        return new PersonId(UUID.fromString(text));
    }

    @Override
    public String toString() {
        return id.toString();
    }
}
