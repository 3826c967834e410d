package dev.custos.platform;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import dev.custos.platform.database.DatabaseServer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Changes every node must hear of at once, through PostgreSQL's {@code LISTEN/NOTIFY}: triggers on the tables that
 * decide who may call what (API keys, memberships, a workspace's model rules...) send {@code topic:key} on channel
 * {@value #CHANNEL} when the change commits, whichever path made it, and each node's listener hands the key to the
 * topic's subscribers, which drop what they cached.
 *
 * <p>While the listener is not connected a node cannot know what changed: {@link #listening()} is false, caches
 * built on it are bypassed, and on reconnecting every subscriber hears {@code *} (drop everything).
 */
@Component
public class ChangeNotices implements SmartLifecycle {

    public static final String CHANNEL = "custos_changes";
    /** The key that stands for every key of a topic. */
    public static final String ALL = "*";

    private static final Logger log = LoggerFactory.getLogger(ChangeNotices.class);

    private final DatabaseServer server;
    private final Map<String, List<Consumer<String>>> subscribers = new ConcurrentHashMap<>();
    private volatile boolean running;
    private volatile boolean listening;
    private volatile long epoch;
    private volatile Thread listener;

    ChangeNotices(DatabaseServer server) {
        this.server = server;
    }

    /** Hands each key of the topic that changes, or {@link #ALL}, to the subscriber, on the listener's thread. */
    public void subscribe(String topic, Consumer<String> onChange) {
        subscribers.computeIfAbsent(topic, name -> new CopyOnWriteArrayList<>()).add(onChange);
    }

    /**
     * Tells this node's subscribers at once (after the current transaction commits, if there is one) of a change
     * this node makes. The trigger's notice tells every node too, a moment later; this closes that moment here, so
     * that whoever made a change (revoked a key, say) sees it take effect with their next request.
     */
    public void changedHere(String topic, String key) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    deliver(topic + ":" + key);
                }
            });
        } else {
            deliver(topic + ":" + key);
        }
    }

    /** Whether changes are heard now: a cache may be trusted only while they are. */
    public boolean listening() {
        return listening;
    }

    /** Moves on whenever the listener (re)connects: what was read in an older epoch may have missed a change. */
    public long epoch() {
        return epoch;
    }

    @Override
    public void start() {
        running = true;
        listener = Thread.ofVirtual().name("custos-change-notices").start(this::listen);
    }

    @Override
    public void stop() {
        running = false;
        listening = false;
        if (listener != null) {
            listener.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        while (running) {
            try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), server.app().username(),
                    server.app().password())) {
                try (var statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                epoch++;
                listening = true;
                dropEverything(); // whatever changed while nobody listened
                PGConnection notifications = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] received = notifications.getNotifications(1_000);
                    if (received != null) {
                        for (PGNotification notice : received) {
                            deliver(notice.getParameter());
                        }
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    log.warn("Not hearing changes from the database ({}); caches are bypassed until it is back",
                            e.getSQLState());
                }
            } finally {
                listening = false;
            }
            pause();
        }
    }

    private void deliver(String payload) {
        int colon = payload.indexOf(':');
        String topic = colon < 0 ? payload : payload.substring(0, colon);
        String key = colon < 0 ? ALL : payload.substring(colon + 1);
        subscribers.getOrDefault(topic, List.of()).forEach(subscriber -> subscriber.accept(key));
    }

    private void dropEverything() {
        subscribers.values().forEach(list -> list.forEach(subscriber -> subscriber.accept(ALL)));
    }

    private void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
