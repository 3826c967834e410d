package dev.custos.relocation;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.identity.AccountClaims;
import dev.custos.workspace.Workspace;

/**
 * A move package's first entry: what it holds, so the receiving installation checks everything before it writes
 * anything. The package is a zip, sealed whole under the transfer key: {@code manifest.json}, {@code keys.json}
 * (keys and secrets, each under the transfer key as well), then {@code rows/<table>} in the order they go in.
 */
record MoveManifest(int format, UUID workspace, String name, Workspace.Region from, Workspace.Region to,
                    String schemaVersion, Instant takenAt, Map<String, Long> tables, List<String> leftBehind,
                    List<AccountClaims.Traveller> members) {

    static final int FORMAT = 1;
    static final String ENTRY = "manifest.json";
    static final String KEYS = "keys.json";
    static final String ROWS = "rows/";

    long rows() {
        return tables.values().stream().mapToLong(Long::longValue).sum();
    }
}
