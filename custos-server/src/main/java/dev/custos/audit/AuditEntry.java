package dev.custos.audit;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

import dev.custos.platform.Secrets;
import org.jspecify.annotations.Nullable;

/** One link of a chain, as stored. Its hash covers the previous hash and every field below. */
public record AuditEntry(
        UUID workspaceId,
        long seq,
        Instant occurredAt,
        String actorKind,
        @Nullable UUID actorId,
        String action,
        @Nullable String target,
        String outcome,
        String details,
        String prevHash,
        String hash) {

    /** The hash a chain starts from. */
    public static final String GENESIS = "0".repeat(64);

    /** The hash this entry must carry given its fields and the previous link. */
    public String expectedHash() {
        return hash(prevHash, canonical());
    }

    static String hash(String prevHash, String canonical) {
        return Secrets.sha256(prevHash + "\n" + canonical);
    }

    String canonical() {
        // Fields joined by a separator that cannot occur in them unescaped: details is JSON, so '\n' is escaped.
        return String.join("\n",
                Long.toString(seq),
                workspaceId.toString(),
                DateTimeFormatter.ISO_INSTANT.format(occurredAt),
                actorKind,
                actorId == null ? "" : actorId.toString(),
                action,
                target == null ? "" : target,
                outcome,
                details);
    }
}
