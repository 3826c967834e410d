package dev.custos.platform;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * How many nodes share the database now (at least this one), read every few seconds rather than per request: a
 * limit kept in each node's memory is divided by it, so that behind a load balancer without sticky sessions the
 * nodes together allow what one node would, with no database round trip on the hot path.
 */
@Component
public class ClusterSize {

    private final JdbcClient jdbc;
    private final NodeLiveness liveness;
    private volatile int nodes = 1;

    ClusterSize(JdbcClient jdbc, NodeLiveness liveness) {
        this.jdbc = jdbc;
        this.liveness = liveness;
    }

    public int nodes() {
        return nodes;
    }

    /** Reads the count again (every five seconds, and whenever a test wants it now). */
    @Scheduled(fixedDelayString = "${custos.cluster.size-refresh:5s}")
    public void refresh() {
        liveness.hold();
        Integer live = jdbc.sql("SELECT live_nodes()").query(Integer.class).single();
        nodes = Math.max(1, live == null ? 1 : live);
    }
}
