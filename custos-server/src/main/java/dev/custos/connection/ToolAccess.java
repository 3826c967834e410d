package dev.custos.connection;

import com.fasterxml.jackson.annotation.JsonValue;
import org.jspecify.annotations.Nullable;

/** Whether a connected system's tool only reads, or may change something there. */
public enum ToolAccess {
    READ,
    WRITE;

    @JsonValue
    public String key() {
        return name().toLowerCase();
    }

    /**
     * From an MCP tool's annotations: read only when the server says {@code readOnlyHint: true} and does not call
     * it destructive. A tool without annotations may do anything, so it counts as write.
     */
    static ToolAccess fromHints(@Nullable Boolean readOnlyHint, @Nullable Boolean destructiveHint) {
        return Boolean.TRUE.equals(readOnlyHint) && !Boolean.TRUE.equals(destructiveHint) ? READ : WRITE;
    }

    static ToolAccess of(String key) {
        return valueOf(key.toUpperCase());
    }
}
