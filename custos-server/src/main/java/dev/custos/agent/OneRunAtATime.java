package dev.custos.agent;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs work for a key (a session) on one virtual thread at a time. A request while the work runs is not lost and
 * not run in parallel: the thread runs the work once more when it is done, however many requests came meanwhile.
 */
final class OneRunAtATime {

    private static final Logger log = LoggerFactory.getLogger(OneRunAtATime.class);

    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    /** Requests per key not yet covered by a pass of its thread; a key is present while its thread lives. */
    private final Map<UUID, Integer> requests = new ConcurrentHashMap<>();

    void submit(UUID key, Runnable work) {
        if (requests.merge(key, 1, Integer::sum) == 1) {
            threads.submit(() -> drain(key, work));
        }
    }

    private void drain(UUID key, Runnable work) {
        while (true) {
            int covered = requests.get(key);
            try {
                work.run();
            } catch (RuntimeException e) {
                log.error("Work for {} failed ({})", key, e.getClass().getName(), e);
            }
            // Atomic with submit: a request that came during the pass keeps the key, and the loop goes round again.
            if (requests.compute(key, (k, count) -> count == covered ? null : count - covered) == null) {
                return;
            }
        }
    }

    void stop() {
        threads.shutdownNow();
    }
}
