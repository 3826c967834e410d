package dev.custos.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/**
 * What the two-step search of a large base misses against an exact scan, on vectors shaped like a sentence
 * model's: they share a direction (any two embeddings have a positive cosine), gather around topics, and a query is
 * near one topic.
 */
class VectorIndexTest {

    private static final int DIMENSIONS = 384;
    private static final Random RANDOM = new Random(11);

    @Test
    void twoStepsFindWhatAnExactScanFinds() {
        int count = VectorIndex.EXACT_BELOW + 10_000;
        float[] shared = unit(gaussian(1));
        float[][] topics = IntStream.range(0, 400).mapToObj(t -> unit(gaussian(1))).toArray(float[][]::new);
        float[] vectors = new float[count * DIMENSIONS];
        for (int i = 0; i < count; i++) {
            float[] vector = unit(mix(shared, 0.5f, topics[RANDOM.nextInt(topics.length)], 0.6f, gaussian(0.05f)));
            System.arraycopy(vector, 0, vectors, i * DIMENSIONS, DIMENSIONS);
        }
        VectorIndex<Integer> index = new VectorIndex<>(IntStream.range(0, count).boxed().toList(), vectors,
                DIMENSIONS);

        int queries = 100;
        double found10 = 0;
        double found50 = 0;
        for (int q = 0; q < queries; q++) {
            float[] query = unit(mix(shared, 0.5f, topics[RANDOM.nextInt(topics.length)], 0.4f, gaussian(0.06f)));
            found10 += overlap(index.nearest(query, 10), index.nearestExactly(query, 10));
            found50 += overlap(index.nearest(query, 50), index.nearestExactly(query, 50));
        }
        assertThat(found10 / queries).as("recall at 10").isGreaterThanOrEqualTo(0.97);
        assertThat(found50 / queries).as("recall at 50").isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void aSmallBaseIsScannedExactlyAndBestFirst() {
        float[] vectors = new float[3 * DIMENSIONS];
        vectors[0] = 1;                      // a: along the first axis
        vectors[DIMENSIONS + 1] = 1;         // b: along the second
        vectors[2 * DIMENSIONS] = 0.6f;      // c: between, nearer the first
        vectors[2 * DIMENSIONS + 1] = 0.8f;
        VectorIndex<String> index = new VectorIndex<>(List.of("a", "b", "c"), vectors, DIMENSIONS);
        float[] query = new float[DIMENSIONS];
        query[0] = 1;

        assertThat(index.nearest(query, 2)).extracting(VectorIndex.Scored::key).containsExactly("a", "c");
        assertThat(index.nearest(new float[DIMENSIONS - 1], 2)).as("another model's query").isEmpty();
    }

    private static double overlap(List<VectorIndex.Scored<Integer>> found, List<VectorIndex.Scored<Integer>> exact) {
        Set<Integer> wanted = new HashSet<>();
        exact.forEach(scored -> wanted.add(scored.key()));
        return found.stream().filter(scored -> wanted.contains(scored.key())).count() / (double) exact.size();
    }

    private static float[] gaussian(float deviation) {
        float[] vector = new float[DIMENSIONS];
        for (int d = 0; d < DIMENSIONS; d++) {
            vector[d] = (float) RANDOM.nextGaussian() * deviation;
        }
        return vector;
    }

    private static float[] mix(float[] a, float wa, float[] b, float wb, float[] noise) {
        float[] mixed = new float[DIMENSIONS];
        for (int d = 0; d < DIMENSIONS; d++) {
            mixed[d] = a[d] * wa + b[d] * wb + noise[d];
        }
        return mixed;
    }

    private static float[] unit(float[] vector) {
        double norm = 0;
        for (float value : vector) {
            norm += value * value;
        }
        float[] unit = new float[vector.length];
        for (int d = 0; d < vector.length; d++) {
            unit[d] = (float) (vector[d] / Math.sqrt(norm));
        }
        return unit;
    }
}
