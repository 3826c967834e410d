package dev.custos.audit;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Checkpoints every chain whose head moved, every few seconds and at shutdown, with each witness: the key store
 * (sealed) and the operator's log. Entries lost at the end of a chain before its last checkpoint then show in
 * verification; the interval bounds how recent a loss can go unseen.
 */
@Component
public class ChainCheckpoints {

    private static final Logger log = LoggerFactory.getLogger(ChainCheckpoints.class);

    private final JdbcClient jdbc;
    private final List<ChainWitness> witnesses;
    private final Clock clock;
    private final Map<UUID, Long> checkpointed = new ConcurrentHashMap<>();

    ChainCheckpoints(JdbcClient jdbc, List<ChainWitness> witnesses, Clock clock) {
        this.jdbc = jdbc;
        this.witnesses = witnesses;
        this.clock = clock;
    }

    /** Checkpoints the heads that moved since this node last did; returns how many. */
    @Scheduled(fixedDelayString = "${custos.audit.checkpoint-interval:10s}",
            initialDelayString = "${custos.audit.checkpoint-interval:10s}")
    public synchronized int checkpointMovedHeads() {
        int moved = 0;
        var heads = jdbc.sql("SELECT workspace_id, seq, hash FROM audit_chain_heads_all()")
                .query((rs, n) -> new ChainCheckpoint(rs.getObject(1, UUID.class), rs.getLong(2), rs.getString(3),
                        clock.instant(), true)).list();
        for (ChainCheckpoint head : heads) {
            if (checkpointed.getOrDefault(head.chain(), 0L) >= head.seq()) {
                continue;
            }
            for (ChainWitness witness : witnesses) {
                witness.checkpoint(head);
            }
            checkpointed.put(head.chain(), head.seq());
            log.info("Audit chain {} checkpointed at entry {} ({})", head.chain(), head.seq(), head.hash());
            moved++;
        }
        return moved;
    }

    @PreDestroy
    void lastCheckpoint() {
        try {
            checkpointMovedHeads();
        } catch (RuntimeException e) {
            log.warn("Could not checkpoint the audit chains at shutdown ({})", e.getClass().getSimpleName());
        }
    }
}
