package dev.custos.knowledge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

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

    private record Key(WorkspaceId workspace, UUID baseId) {
    }

    private record Held(String version, VectorIndex<ChunkKey> index) {
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

    /** The chunks of the base nearest to the query vector (cosine), best first. In tenancy. */
    List<VectorIndex.Scored<ChunkKey>> nearest(WorkspaceId workspace, UUID baseId, float[] query, int limit) {
        return entry(workspace, baseId).index().nearest(query, limit);
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
        Held loaded = new Held(version, new VectorIndex<>(chunks, flat, dimensions));
        synchronized (this) {
            entries.put(key, loaded);
        }
        return loaded;
    }
}
