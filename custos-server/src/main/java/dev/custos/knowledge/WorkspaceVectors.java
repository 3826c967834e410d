package dev.custos.knowledge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.custos.keys.ContentSeal;
import dev.custos.platform.PersonId;
import dev.custos.platform.WorkspaceId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The vectors of a knowledge base, opened and held in memory for nearest-neighbour search: one entry per workspace
 * and base, loaded within the workspace's own tenancy and never handed to another (TN-03). An entry is checked
 * against the base's chunks before each use and reloaded when they changed, so any node's upload or deletion is
 * seen. At most {@value #MAX_ENTRIES} entries stay, the least recently used leaving first.
 */
@Component
class WorkspaceVectors {

    private static final int MAX_ENTRIES = 64;

    /** A chunk, by its document and place in it. */
    record ChunkKey(UUID documentId, int seq) {
    }

    record Scored(ChunkKey chunk, double score) {
    }

    private record Key(WorkspaceId workspace, UUID baseId) {
    }

    /** A base's vectors, one after another in one array (a scan reads memory in order), {@code dimensions} each. */
    private record Held(String version, List<ChunkKey> chunks, float[] vectors, int dimensions) {
    }

    private final JdbcClient jdbc;
    private final ContentSeal seal;
    private final Map<Key, Held> entries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Held> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    WorkspaceVectors(JdbcClient jdbc, ContentSeal seal) {
        this.jdbc = jdbc;
        this.seal = seal;
    }

    /** The workspaces whose vectors are held now, each on its own (for the proof that none is shared). */
    synchronized Set<WorkspaceId> held() {
        return entries.keySet().stream().map(Key::workspace).collect(Collectors.toSet());
    }

    /**
     * The chunks of the base nearest to the query vector (cosine; vectors are unit length), best first. In tenancy.
     * A scan of every vector, in as many slices as there are cores, each keeping only its best {@code limit}.
     */
    List<Scored> nearest(WorkspaceId workspace, UUID baseId, float[] query, int limit) {
        Held entry = entry(workspace, baseId);
        int count = entry.chunks().size();
        if (count == 0 || query.length != entry.dimensions()) {
            return List.of(); // no vectors, or another model's
        }
        int slices = Math.min(Runtime.getRuntime().availableProcessors(), Math.max(1, count / 10_000));
        List<Scored> best = IntStream.range(0, slices).parallel()
                .mapToObj(slice -> best(entry, query, (int) ((long) count * slice / slices),
                        (int) ((long) count * (slice + 1) / slices), limit))
                .flatMap(List::stream)
                .sorted((a, b) -> Double.compare(b.score(), a.score()))
                .toList();
        return best.subList(0, Math.min(limit, best.size()));
    }

    /** The best {@code limit} of the vectors from {@code from} to {@code to}, by dot product with the query. */
    private static List<Scored> best(Held entry, float[] query, int from, int to, int limit) {
        PriorityQueue<Scored> kept = new PriorityQueue<>(limit + 1, Comparator.comparingDouble(Scored::score));
        float[] vectors = entry.vectors();
        int dimensions = entry.dimensions();
        for (int i = from; i < to; i++) {
            int at = i * dimensions;
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
            double dot = (double) s0 + s1 + s2 + s3;
            if (kept.size() < limit) {
                kept.add(new Scored(entry.chunks().get(i), dot));
            } else if (dot > kept.peek().score()) {
                kept.poll();
                kept.add(new Scored(entry.chunks().get(i), dot));
            }
        }
        return new ArrayList<>(kept);
    }

    private Held entry(WorkspaceId workspace, UUID baseId) {
        Key key = new Key(workspace, baseId);
        String version = jdbc.sql("""
                        SELECT count(*) || '|' || coalesce(sum(d.chunk_count), 0) || '|'
                            || coalesce(max(d.ingested_at)::text, '') FROM knowledge_documents d
                        WHERE d.workspace_id = :w AND d.base_id = :b AND d.status = 'ready'""")
                .param("w", workspace.id()).param("b", baseId).query(String.class).single();
        synchronized (this) {
            Held held = entries.get(key);
            if (held != null && held.version().equals(version)) {
                return held;
            }
        }
        List<ChunkKey> chunks = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        jdbc.sql("""
                        SELECT c.document_id, c.seq, p.embedding, d.uploaded_by FROM knowledge_chunks c
                        JOIN knowledge_passages p USING (workspace_id, document_id, seq)
                        JOIN knowledge_documents d USING (workspace_id, document_id)
                        WHERE c.workspace_id = :w AND c.base_id = :b AND p.embedding IS NOT NULL""")
                .param("w", workspace.id()).param("b", baseId)
                .query((rs, n) -> {
                    UUID document = rs.getObject("document_id", UUID.class);
                    int seq = rs.getInt("seq");
                    try {
                        vectors.add(Ingestion.decode(seal.open(workspace,
                                new PersonId(rs.getObject("uploaded_by", UUID.class)), rs.getBytes("embedding"),
                                Ingestion.vectorContext(document, seq))));
                        chunks.add(new ChunkKey(document, seq));
                    } catch (ContentSeal.SealBroken e) {
                        // its uploader was erased: nothing of it is found any more
                    }
                    return seq;
                })
                .list();
        int dimensions = vectors.isEmpty() ? 0 : vectors.getFirst().length;
        float[] flat = new float[vectors.size() * dimensions];
        for (int i = 0; i < vectors.size(); i++) {
            if (vectors.get(i).length == dimensions) {
                System.arraycopy(vectors.get(i), 0, flat, i * dimensions, dimensions);
            }
        }
        Held loaded = new Held(version, chunks, flat, dimensions);
        synchronized (this) {
            entries.put(key, loaded);
        }
        return loaded;
    }
}
