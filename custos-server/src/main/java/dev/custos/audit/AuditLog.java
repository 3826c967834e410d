package dev.custos.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends to and verifies the hash chains. A successful action is recorded in the transaction that performs it,
 * so the action and its record commit or vanish together; a failure or a refusal is recorded in a transaction
 * of its own, so it survives the rollback of the work that was refused.
 */
@Service
public class AuditLog {

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final TransactionTemplate independent;
    private final JsonMapper json;

    private final ApplicationEventPublisher events;
    private final List<ChainWitness> witnesses;

    AuditLog(JdbcClient jdbc, Tenancy tenancy, PlatformTransactionManager transactions, JsonMapper json,
             ApplicationEventPublisher events, List<ChainWitness> witnesses) {
        this.events = events;
        this.witnesses = witnesses;
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.independent = new TransactionTemplate(transactions);
        this.independent.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.json = json;
    }

    public void record(AuditEvent event) {
        if (event.outcome() == AuditEvent.Outcome.SUCCESS) {
            append(event);
            events.publishEvent(event); // for listeners that act once the action has committed
        } else {
            independent.executeWithoutResult(status -> append(event));
        }
    }

    private Optional<Head> lockHead(UUID workspace) {
        return jdbc.sql("SELECT seq, hash FROM audit_chain_heads WHERE workspace_id = :workspace FOR UPDATE")
                .param("workspace", workspace)
                .query((rs, n) -> new Head(rs.getLong("seq"), rs.getString("hash")))
                .optional();
    }

    private void append(AuditEvent event) {
        tenancy.inWorkspace(event.workspace(), null, () -> {
            UUID workspace = event.workspace().id();
            // The head row lock serialises appends to one chain; other chains proceed in parallel. A chain's first
            // append creates its head (racing creators both end up locking the one row).
            Head head = lockHead(workspace).orElseGet(() -> {
                jdbc.sql("""
                        INSERT INTO audit_chain_heads (workspace_id, seq, hash) VALUES (:workspace, 0, :genesis)
                        ON CONFLICT (workspace_id) DO NOTHING
                        """).param("workspace", workspace).param("genesis", AuditEntry.GENESIS).update();
                return lockHead(workspace).orElseThrow();
            });
            var entry = new AuditEntry(workspace, head.seq() + 1, Instant.now().truncatedTo(ChronoUnit.MICROS),
                    event.actorKind().name().toLowerCase(Locale.ROOT), event.actorId(), event.action(),
                    event.target(), event.outcome().name().toLowerCase(Locale.ROOT),
                    json.writeValueAsString(new TreeMap<>(event.details())), head.hash(), "");
            String hash = entry.expectedHash();
            jdbc.sql("""
                    INSERT INTO audit_log (workspace_id, seq, occurred_at, actor_kind, actor_id, action, target,
                                           outcome, details, prev_hash, hash)
                    VALUES (:workspace, :seq, :occurredAt, :actorKind, :actorId, :action, :target,
                            :outcome, :details, :prevHash, :hash)
                    """)
                    .param("workspace", workspace).param("seq", entry.seq())
                    .param("occurredAt", SqlTime.of(entry.occurredAt()))
                    .param("actorKind", entry.actorKind()).param("actorId", entry.actorId())
                    .param("action", entry.action()).param("target", entry.target())
                    .param("outcome", entry.outcome()).param("details", entry.details())
                    .param("prevHash", entry.prevHash()).param("hash", hash)
                    .update();
            jdbc.sql("UPDATE audit_chain_heads SET seq = :seq, hash = :hash WHERE workspace_id = :workspace")
                    .param("seq", entry.seq()).param("hash", hash).param("workspace", workspace).update();
        });
    }

    /** A page of a chain, newest first, before the given sequence number (all when null). */
    public List<AuditEntry> entries(WorkspaceId workspace, @Nullable Long beforeSeq, int limit) {
        return tenancy.inWorkspace(workspace, null, () -> jdbc.sql("""
                        SELECT * FROM audit_log
                        WHERE workspace_id = :workspace AND (CAST(:before AS bigint) IS NULL OR seq < :before)
                        ORDER BY seq DESC LIMIT :limit
                        """)
                .param("workspace", workspace.id()).param("before", beforeSeq).param("limit", limit)
                .query(AuditLog::entry).list());
    }

    /**
     * Re-hashes the whole chain and reports the first link that does not hold, or entries missing at its end
     * against the last checkpoint a witness keeps.
     */
    public ChainVerification verify(WorkspaceId workspace) {
        var checkpoint = witnesses.stream().map(witness -> witness.latest(workspace.id()))
                .flatMap(Optional::stream).max(Comparator.comparingLong(ChainCheckpoint::seq));
        return tenancy.inWorkspace(workspace, null, () -> {
            var walk = new ChainWalk(checkpoint.orElse(null));
            jdbc.sql("SELECT * FROM audit_log WHERE workspace_id = :workspace ORDER BY seq")
                    .param("workspace", workspace.id())
                    .query(rs -> {
                        walk.accept(entry(rs, 0));
                    });
            Head head = jdbc.sql("SELECT seq, hash FROM audit_chain_heads WHERE workspace_id = :workspace")
                    .param("workspace", workspace.id())
                    .query((rs, n) -> new Head(rs.getLong("seq"), rs.getString("hash")))
                    .optional().orElse(new Head(0, AuditEntry.GENESIS));
            return walk.result(head.seq(), head.hash());
        });
    }

    private static AuditEntry entry(ResultSet rs, int row) throws SQLException {
        return new AuditEntry(rs.getObject("workspace_id", UUID.class), rs.getLong("seq"),
                rs.getObject("occurred_at", OffsetDateTime.class).toInstant(), rs.getString("actor_kind"),
                rs.getObject("actor_id", UUID.class), rs.getString("action"), rs.getString("target"),
                rs.getString("outcome"), rs.getString("details"), rs.getString("prev_hash"), rs.getString("hash"));
    }

    private record Head(long seq, String hash) {
    }
}
