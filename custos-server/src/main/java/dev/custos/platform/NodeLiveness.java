package dev.custos.platform;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

import jakarta.annotation.PreDestroy;
import dev.custos.platform.database.DatabaseServer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * This node's proof of life, as every other node can see it: a PostgreSQL advisory lock named after the node's id,
 * held by a connection of its own for as long as the node runs. The database lets go of it when the node dies,
 * however it dies, so work a dead node held (an agent run's lease) can be taken over at once instead of when its
 * lease lapses. SQL tells a live node by {@code node_is_alive(id)}.
 */
@Component
public class NodeLiveness {

    private static final Logger log = LoggerFactory.getLogger(NodeLiveness.class);

    /** The first key of the two-key advisory locks that mark live nodes (V65's live_nodes() counts them). */
    static final int NODES_LOCK_SPACE = 0x0C057005;

    private final UUID id = UUID.randomUUID();
    private final DatabaseServer server;
    private @Nullable Connection holder;

    NodeLiveness(DatabaseServer server) {
        this.server = server;
    }

    /** This node's id, the name of its lock. */
    public UUID id() {
        return id;
    }

    /** Takes the lock, or takes it again after its connection was lost (the database restarted). */
    public synchronized void hold() {
        try {
            if (holder != null && holder.isValid(2)) {
                return;
            }
            close();
            Connection connection = DriverManager.getConnection(server.jdbcUrl(), server.app().username(),
                    server.app().password());
            try (var lock = connection.prepareStatement("SELECT pg_advisory_lock(hashtextextended(?, 0))")) {
                lock.setString(1, "custos-node:" + id);
                lock.execute();
            }
            // And one in the nodes' own lock space, which live_nodes() counts: how many nodes share the work.
            try (var lock = connection.prepareStatement("SELECT pg_advisory_lock(?, ?)")) {
                lock.setInt(1, NODES_LOCK_SPACE);
                lock.setInt(2, id.hashCode());
                lock.execute();
            }
            holder = connection;
        } catch (SQLException e) {
            // Without the lock, this node looks dead to others, who may take over its runs; it notices when it
            // next renews a lease, and stops those runs. Nothing is lost.
            log.warn("Could not take this node's liveness lock (SQL state {}); trying again later", e.getSQLState());
        }
    }

    @PreDestroy
    synchronized void close() {
        if (holder != null) {
            try {
                holder.close();
            } catch (SQLException e) {
                log.debug("Closing the liveness connection failed", e);
            }
            holder = null;
        }
    }
}
