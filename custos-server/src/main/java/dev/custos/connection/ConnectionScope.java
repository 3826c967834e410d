package dev.custos.connection;

import java.util.Arrays;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.custos.platform.web.CustosException;

/**
 * What a connection may do in the connected system (TN-04). An {@code integration} may also act like
 * {@code read-write}; what sets it apart is that the system may call into Custos (a Slack mention runs an agent).
 */
public enum ConnectionScope {
    READ_ONLY("read-only"),
    READ_WRITE("read-write"),
    INTEGRATION("integration");

    private final String key;

    ConnectionScope(String key) {
        this.key = key;
    }

    @JsonValue
    public String key() {
        return key;
    }

    /** Whether a tool that reads, or one that writes, may be called under this scope. */
    public boolean allows(ToolAccess access) {
        return access == ToolAccess.READ || this != READ_ONLY;
    }

    public static ConnectionScope of(String key) {
        return Arrays.stream(values()).filter(scope -> scope.key.equals(key)).findFirst()
                .orElseThrow(() -> CustosException.invalid("invalid-scope",
                        "scope must be read-only, read-write or integration."));
    }
}
