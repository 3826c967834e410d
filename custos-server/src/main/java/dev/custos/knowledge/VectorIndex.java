package dev.custos.knowledge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.stream.IntStream;

/**
 * The nearest of a base's vectors to a query (cosine; every vector is unit length), in memory. A small base is
 * scanned exactly. A large one is searched in two steps: each vector is also held as the signs of its coordinates
 * after the base's mean is taken off (one bit a dimension, 48 bytes instead of 1,536 for 384 dimensions), the
 * vectors whose signs differ least from the query's are taken — many more than asked for — and only those are scored
 * exactly. What is returned is scored exactly, best first; what the first step can miss is a vector whose signs are
 * far from the query's yet whose cosine is among the best, which the oversampling makes rare (measured by
 * {@code VectorIndexTest}).
 *
 * @param <K> what a vector is the vector of
 */
final class VectorIndex<K> {

    /** Below this many vectors an exact scan costs about as little as the two steps (docs/benchmarks.md). */
    static final int EXACT_BELOW = 20_000;
    /** How many vectors the first step keeps for each one asked for, and at least how many. */
    private static final int OVERSAMPLING = 160;
    private static final int MIN_SHORTLIST = 8_000;

    record Scored<K>(K key, double score) {
    }

    private final List<K> keys;
    private final float[] vectors;
    private final int dimensions;
    private final float[] mean;
    private final long[] signs;
    private final int words;

    /**
     * @param vectors one after another in one array (a scan reads memory in order), {@code dimensions} each, in the
     *                order of {@code keys}
     */
    VectorIndex(List<K> keys, float[] vectors, int dimensions) {
        this.keys = List.copyOf(keys);
        this.vectors = vectors;
        this.dimensions = dimensions;
        this.words = (dimensions + 63) / 64;
        this.mean = new float[dimensions];
        // Only a base searched in two steps needs its signs.
        this.signs = new long[keys.size() >= EXACT_BELOW ? keys.size() * words : 0];
        if (keys.size() >= EXACT_BELOW) {
            // Centred, a coordinate's sign splits the base's vectors about evenly: uncentred, the signs of
            // embeddings (which share a direction) say little about which ones are near each other.
            for (int i = 0; i < keys.size(); i++) {
                for (int d = 0; d < dimensions; d++) {
                    mean[d] += vectors[i * dimensions + d] / keys.size();
                }
            }
            for (int i = 0; i < keys.size(); i++) {
                sketch(vectors, i * dimensions, signs, i * words);
            }
        }
    }

    /** The {@code limit} vectors nearest to the query, exactly scored, best first. */
    List<Scored<K>> nearest(float[] query, int limit) {
        if (keys.isEmpty() || query.length != dimensions || limit < 1) {
            return List.of(); // no vectors, or another model's
        }
        if (keys.size() < EXACT_BELOW) {
            return nearestExactly(query, limit);
        }
        return exact(query, limit, shortlist(query, Math.max(limit * OVERSAMPLING, MIN_SHORTLIST)));
    }

    /** Exact: every vector (a small base's search, and the reference the test of the two steps measures by). */
    List<Scored<K>> nearestExactly(float[] query, int limit) {
        return exact(query, limit, IntStream.range(0, keys.size()).toArray());
    }

    /** The positions of the {@code wanted} vectors whose signs differ least from the query's. */
    private int[] shortlist(float[] query, int wanted) {
        long[] querySigns = new long[words];
        sketch(query, 0, querySigns, 0);
        int count = keys.size();
        short[] distances = new short[count];
        for (int i = 0; i < count; i++) {
            int differing = 0;
            for (int w = 0; w < words; w++) {
                differing += Long.bitCount(signs[i * words + w] ^ querySigns[w]);
            }
            distances[i] = (short) differing;
        }
        // Counting, not sorting: a distance is at most the number of dimensions.
        int[] atDistance = new int[dimensions + 1];
        for (short distance : distances) {
            atDistance[distance]++;
        }
        int threshold = 0;
        for (int taken = 0; threshold <= dimensions && taken + atDistance[threshold] < wanted; threshold++) {
            taken += atDistance[threshold];
        }
        int[] chosen = new int[Math.min(count, wanted)];
        int found = 0;
        for (int i = 0; i < count && found < chosen.length; i++) {
            if (distances[i] < threshold) {
                chosen[found++] = i;
            }
        }
        for (int i = 0; i < count && found < chosen.length; i++) {
            if (distances[i] == threshold) {
                chosen[found++] = i;
            }
        }
        return chosen;
    }

    /**
     * The best {@code limit} of the given positions by dot product. On one thread: split across cores that the
     * database and the other requests share, a search waited on the slowest slice (p95 30 ms against 49 ms in
     * docs/benchmarks.md).
     */
    private List<Scored<K>> exact(float[] query, int limit, int[] positions) {
        PriorityQueue<Scored<K>> kept = new PriorityQueue<>(limit + 1, Comparator.comparingDouble(Scored::score));
        for (int i : positions) {
            double dot = dot(query, i * dimensions);
            if (kept.size() < limit) {
                kept.add(new Scored<>(keys.get(i), dot));
            } else if (dot > kept.peek().score()) {
                kept.poll();
                kept.add(new Scored<>(keys.get(i), dot));
            }
        }
        List<Scored<K>> best = new ArrayList<>(kept);
        best.sort(Comparator.comparingDouble((Scored<K> scored) -> scored.score()).reversed());
        return best;
    }

    private double dot(float[] query, int at) {
        // four sums: independent additions the processor overlaps
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int d = 0;
        for (; d + 3 < dimensions; d += 4) {
            s0 += vectors[at + d] * query[d];
            s1 += vectors[at + d + 1] * query[d + 1];
            s2 += vectors[at + d + 2] * query[d + 2];
            s3 += vectors[at + d + 3] * query[d + 3];
        }
        for (; d < dimensions; d++) {
            s0 += vectors[at + d] * query[d];
        }
        return (double) s0 + s1 + s2 + s3;
    }

    /** One bit a dimension: set where the coordinate is above the base's mean. */
    private void sketch(float[] source, int at, long[] target, int targetAt) {
        for (int d = 0; d < dimensions; d++) {
            if (source[at + d] > mean[d]) {
                target[targetAt + d / 64] |= 1L << (d % 64);
            }
        }
    }
}
