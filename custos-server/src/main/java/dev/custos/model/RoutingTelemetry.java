package dev.custos.model;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * What routing knows about each provider's model, on this node: how its calls went (counts by outcome, the time to
 * its first answer as a histogram) and whether it is healthy — a model that failed several times in a row is skipped
 * by routes for a while, then tried again.
 *
 * <p>AI-09: the telemetry is aggregated and keyed by provider and model only. Nothing here can hold content, or name
 * a person, a workspace or an API key: {@link #record} takes none of them, and {@link Stats} is counts and times.
 */
@Component
public class RoutingTelemetry {

    /** How one attempt went, as routing counts it. */
    public enum Outcome {
        /** Answered. */
        SUCCEEDED,
        /** Refused the request as the client's fault (400, 404, 413...): says nothing about the provider's health. */
        REFUSED,
        /** 429. */
        RATE_LIMITED,
        /** 5xx, unreachable or unreadable. */
        FAILED,
        /** No answer in time. */
        TIMED_OUT;

        /** How a failed attempt counts. */
        static Outcome of(ModelCallFailed failure) {
            int status = failure.status();
            if (status == 429) {
                return RATE_LIMITED;
            }
            if (status == 0 && failure.getCause() instanceof java.net.http.HttpTimeoutException) {
                return TIMED_OUT;
            }
            return failure.clientFault() ? REFUSED : FAILED;
        }
    }

    /**
     * One model's aggregate.
     *
     * @param firstAnswerP50Millis the median time to the first answer, as the upper bound of its histogram bucket
     * @param skippedUntil         while set and in the future, routes pass this model over
     */
    public record Stats(UUID providerId, String model, long succeeded, long refused, long rateLimited, long failed,
                        long timedOut, long firstAnswerP50Millis, long firstAnswerP95Millis,
                        @Nullable Instant skippedUntil) {
    }

    /** Upper bounds of the latency buckets, in milliseconds; the last bucket holds the rest. */
    private static final long[] BUCKETS = {5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000};

    private final ConcurrentHashMap<ModelTarget, Counters> counters = new ConcurrentHashMap<>();
    private final ModelProperties properties;
    private final Clock clock;

    RoutingTelemetry(ModelProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /** Counts an attempt and, for a failure, brings the model closer to being skipped. */
    void record(ModelTarget target, Outcome outcome, Duration firstAnswer) {
        Counters counted = counters.computeIfAbsent(target, key -> new Counters());
        counted.outcomes[outcome.ordinal()].increment();
        switch (outcome) {
            case SUCCEEDED -> {
                counted.latencies.incrementAndGet(bucket(firstAnswer.toMillis()));
                counted.failedInARow = 0;
            }
            case REFUSED -> { }
            case RATE_LIMITED, FAILED, TIMED_OUT -> {
                synchronized (counted) {
                    if (++counted.failedInARow >= properties.skipAfterFailures()) {
                        counted.skippedUntil = clock.instant().plus(properties.skipFor());
                    }
                }
            }
        }
    }

    /** Whether routes should try the model now: not while it is being skipped after failing repeatedly. */
    boolean healthy(ModelTarget target) {
        Counters counted = counters.get(target);
        Instant until = counted == null ? null : counted.skippedUntil;
        return until == null || !clock.instant().isBefore(until);
    }

    /** Every model's aggregate, for the installation's administrators. */
    public List<Stats> snapshot() {
        return counters.entrySet().stream()
                .map(entry -> entry.getValue().stats(entry.getKey(), clock.instant()))
                .sorted(Comparator.comparing(Stats::model).thenComparing(Stats::providerId))
                .toList();
    }

    private static int bucket(long millis) {
        for (int i = 0; i < BUCKETS.length; i++) {
            if (millis <= BUCKETS[i]) {
                return i;
            }
        }
        return BUCKETS.length;
    }

    private static final class Counters {
        final LongAdder[] outcomes = new LongAdder[Outcome.values().length];
        final AtomicLongArray latencies = new AtomicLongArray(BUCKETS.length + 1);
        volatile int failedInARow;
        volatile @Nullable Instant skippedUntil;

        Counters() {
            for (int i = 0; i < outcomes.length; i++) {
                outcomes[i] = new LongAdder();
            }
        }

        Stats stats(ModelTarget target, Instant now) {
            Instant until = skippedUntil;
            return new Stats(target.providerId(), target.model(), count(Outcome.SUCCEEDED), count(Outcome.REFUSED),
                    count(Outcome.RATE_LIMITED), count(Outcome.FAILED), count(Outcome.TIMED_OUT), percentile(0.5),
                    percentile(0.95), until != null && until.isAfter(now) ? until : null);
        }

        private long count(Outcome outcome) {
            return outcomes[outcome.ordinal()].sum();
        }

        /** The upper bound of the bucket the quantile falls in; -1 for the last, unbounded one; 0 with no data. */
        private long percentile(double quantile) {
            long total = 0;
            for (int i = 0; i < latencies.length(); i++) {
                total += latencies.get(i);
            }
            if (total == 0) {
                return 0;
            }
            long seen = 0;
            for (int i = 0; i < latencies.length(); i++) {
                seen += latencies.get(i);
                if (seen >= Math.ceil(quantile * total)) {
                    return i < BUCKETS.length ? BUCKETS[i] : -1;
                }
            }
            return -1;
        }
    }
}
