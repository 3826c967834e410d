package dev.custos.platform;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonValue;

/** A workspace: the unit of tenancy that row-level security isolates. */
public record WorkspaceId(@JsonValue UUID id) implements Serializable {

    /** The installation itself, owner of events that belong to no workspace (sign-ins, sign-ups). */
    public static final WorkspaceId INSTALLATION = new WorkspaceId(new UUID(0, 0));

    public WorkspaceId {
        Objects.requireNonNull(id, "id");
    }

    public static WorkspaceId random() {
        return new WorkspaceId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return id.toString();
    }
}
