package dev.custos.platform;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Values read from the database, kept in memory until a {@link ChangeNotices} topic says their key changed (on any
 * node, within the time a notification takes) or {@code maxAge} passes. Never trusted while notices are not heard;
 * a value read while a change was being noticed is used once and not kept. Only values the loader finds are kept:
 * an absence is read again each time.
 *
 * @param <K> the key, as the topic's notices name it through {@code keyOf}
 */
public final class NoticedCache<K, V> {

    private record Entry<V>(V value, long readAt) {
    }

    private static final int MAX_ENTRIES = 100_000;

    private final ChangeNotices notices;
    private final Function<String, K> keyOf;
    private final long maxAgeMillis;
    private final Clock clock;
    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    /** Moves on with every notice of the topic, so that a read overtaken by a change is not kept. */
    private final AtomicLong generation = new AtomicLong();

    /**
     * @param keyOf the cache key a notice's key stands for, or null to drop every entry
     */
    public NoticedCache(ChangeNotices notices, String topic, Function<String, K> keyOf, Duration maxAge, Clock clock) {
        this.notices = notices;
        this.keyOf = keyOf;
        this.maxAgeMillis = maxAge.toMillis();
        this.clock = clock;
        notices.subscribe(topic, this::changed);
    }

    /** The key's value: kept, or read by {@code load} (null when there is none). */
    public V get(K key, Supplier<V> load) {
        if (!notices.listening()) {
            return load.get();
        }
        Entry<V> entry = entries.get(key);
        long now = clock.millis();
        if (entry != null && now - entry.readAt() < maxAgeMillis) {
            return entry.value();
        }
        long generationBefore = generation.get();
        long epochBefore = notices.epoch();
        V value = load.get();
        if (value != null && generation.get() == generationBefore && notices.epoch() == epochBefore
                && notices.listening()) {
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
            entries.put(key, new Entry<>(value, now));
        }
        return value;
    }

    private void changed(String key) {
        generation.incrementAndGet();
        K cached = key.equals(ChangeNotices.ALL) ? null : keyOf.apply(key);
        if (cached == null) {
            entries.clear();
        } else {
            entries.remove(cached);
        }
    }
}
