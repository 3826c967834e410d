package dev.custos.platform;

import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonValue;

/** An agent: its instructions, model and tools, in one workspace. */
public record AgentId(@JsonValue UUID id) implements TypedId {

    public AgentId {
        Objects.requireNonNull(id, "id");
    }

    public static AgentId random() {
        return new AgentId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return id.toString();
    }
}
