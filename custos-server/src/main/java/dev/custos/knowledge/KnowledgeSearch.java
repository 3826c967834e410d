package dev.custos.knowledge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.custos.keys.ContentSeal;
import dev.custos.platform.PersonId;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.usage.Entitlements;
import dev.custos.usage.Feature;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Hybrid search over a workspace's knowledge (TN-03): PostgreSQL full-text over the blind index always, and the
 * nearest vectors where a base has them, merged by reciprocal rank fusion. Everything runs in the workspace's own
 * tenancy: its index key, its rows, its vectors.
 */
@Service
public class KnowledgeSearch {

    static final int MAX_RESULTS = 20;
    private static final int CANDIDATES = 50;
    private static final int FUSION_K = 60;
    private static final int ANY_WORD_RANKED = 500;
    /** Below this cosine a passage is not about the query at all: nearest is not the same as near. */
    private static final double MIN_SIMILARITY = 0.3;

    /**
     * A passage found, with what cites it.
     *
     * @param seq the chunk's place in its document, the anchor a citation links to
     */
    public record Hit(UUID baseId, UUID documentId, String title, int seq, String text, double score) {

        /** Where the dashboard shows the passage. */
        public String link(WorkspaceId workspace) {
            return "/workspaces/" + workspace + "/knowledge/" + baseId + "/documents/" + documentId + "#chunk-" + seq;
        }
    }

    /** The passages numbered for a model or a person to cite: {@code [1] title — link}, then the passage. */
    public static String cited(WorkspaceId workspace, List<Hit> hits) {
        if (hits.isEmpty()) {
            return "Nothing in this workspace's knowledge bases matches.";
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < hits.size(); i++) {
            Hit hit = hits.get(i);
            text.append('[').append(i + 1).append("] ").append(hit.title()).append(" — ").append(hit.link(workspace))
                    .append('\n').append(hit.text()).append("\n\n");
        }
        return text.toString().strip();
    }

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final ContentSeal seal;
    private final BlindTerms terms;
    private final Embedders embeddings;
    private final WorkspaceVectors vectors;
    private final Entitlements entitlements;

    KnowledgeSearch(JdbcClient jdbc, Tenancy tenancy, ContentSeal seal, BlindTerms terms, Embedders embeddings,
                    WorkspaceVectors vectors, Entitlements entitlements) {
        this.entitlements = entitlements;
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.seal = seal;
        this.terms = terms;
        this.embeddings = embeddings;
        this.vectors = vectors;
    }

    public List<Hit> search(WorkspaceAccess access, @Nullable UUID baseId, String query, int limit) {
        access.require(Permission.READ);
        return search(access.workspace(), access.actor().person(), baseId, query, limit);
    }

    /** For a tool acting in a session: the same search, on the person's behalf. */
    public List<Hit> search(WorkspaceId workspace, PersonId person, @Nullable UUID baseId, String query, int limit) {
        entitlements.require(workspace, Feature.KNOWLEDGE);
        String text = query.strip();
        if (text.isEmpty() || text.length() > 2_000) {
            throw CustosException.invalid("invalid-query", "A search query has 1 to 2000 characters.");
        }
        int wanted = Math.clamp(limit, 1, MAX_RESULTS);
        Map<String, List<UUID>> vectorBases = new LinkedHashMap<>();
        tenancy.inWorkspace(workspace, person, () -> jdbc.sql("""
                        SELECT base_id, embeddings FROM knowledge_bases
                        WHERE workspace_id = :w AND embeddings <> 'none' AND (CAST(:b AS uuid) IS NULL OR base_id = :b)""")
                .param("w", workspace.id()).param("b", baseId)
                .query((rs, n) -> vectorBases.computeIfAbsent(rs.getString(2), model -> new ArrayList<>())
                        .add(rs.getObject(1, UUID.class)))
                .list());
        if (vectorBases.isEmpty()) {
            return tenancy.inWorkspace(workspace, person, () ->
                    best(workspace, fused(fullText(workspace, baseId, text, wanted), List.of()), wanted));
        }
        // The query's vectors are made while PostgreSQL ranks the passages, outside its transaction: a provider's
        // model is a call over the network, and the in-process one takes a core for some milliseconds.
        Map<String, Future<float[]>> queryVectors = new LinkedHashMap<>();
        try (var embedding = Executors.newVirtualThreadPerTaskExecutor()) {
            vectorBases.keySet().forEach(model -> queryVectors.put(model,
                    embedding.submit(() -> embeddings.one(workspace, person, model, text))));
            List<WorkspaceVectors.ChunkKey> fullText = tenancy.inWorkspace(workspace, person,
                    () -> fullText(workspace, baseId, text, wanted));
            Map<String, float[]> vectorsOfQuery = new LinkedHashMap<>();
            queryVectors.forEach((model, vector) -> vectorsOfQuery.put(model, done(vector)));
            return tenancy.inWorkspace(workspace, person, () -> best(workspace,
                    fused(fullText, nearest(workspace, vectorBases, vectorsOfQuery)), wanted));
        }
    }

    /** The base's passages nearest to the query's vectors, best first, those not near at all left out. In tenancy. */
    private List<WorkspaceVectors.ChunkKey> nearest(WorkspaceId workspace, Map<String, List<UUID>> vectorBases,
                                                    Map<String, float[]> queryVectors) {
        List<VectorIndex.Scored<WorkspaceVectors.ChunkKey>> near = new ArrayList<>();
        vectorBases.forEach((model, bases) -> bases.forEach(base -> near.addAll(
                vectors.nearest(workspace, base, queryVectors.get(model), CANDIDATES))));
        near.sort((a, b) -> Double.compare(b.score(), a.score()));
        return near.stream().filter(scored -> scored.score() >= MIN_SIMILARITY).limit(CANDIDATES)
                .map(VectorIndex.Scored::key).toList();
    }

    /** Reciprocal rank fusion of the rankings: each passage scores the sum of 1 / (k + its rank) in each. */
    @SafeVarargs
    private static Map<WorkspaceVectors.ChunkKey, Double> fused(List<WorkspaceVectors.ChunkKey>... rankings) {
        Map<WorkspaceVectors.ChunkKey, Double> fused = new LinkedHashMap<>();
        for (List<WorkspaceVectors.ChunkKey> ranking : rankings) {
            for (int rank = 0; rank < ranking.size(); rank++) {
                fused.merge(ranking.get(rank), 1.0 / (FUSION_K + rank + 1), Double::sum);
            }
        }
        return fused;
    }

    /** The best fused passages, opened. In tenancy. */
    private List<Hit> best(WorkspaceId workspace, Map<WorkspaceVectors.ChunkKey, Double> fused, int wanted) {
        List<Map.Entry<WorkspaceVectors.ChunkKey, Double>> ranked = new ArrayList<>(fused.entrySet());
        ranked.sort((a, b) -> Double.compare(b.getValue(), a.getValue()));
        List<Hit> hits = new ArrayList<>();
        for (var entry : ranked.subList(0, Math.min(wanted, ranked.size()))) {
            Hit hit = load(workspace, entry.getKey(), entry.getValue());
            if (hit != null) {
                hits.add(hit);
            }
        }
        return hits;
    }

    /** The query's vector, or what refused or failed to make it, as it was thrown. */
    private static float[] done(Future<float[]> vector) {
        try {
            return vector.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the query was embedded", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException("The query could not be embedded", e.getCause());
        }
    }

    /**
     * The passages with every word of the query, best first; when they are fewer than the results wanted, those
     * with any two of its words follow, then those with any of them (ranking every passage that has a common word
     * is what a search costs most, so the looser steps rank a bounded number of matches).
     * Ranked on the narrow index columns only: a passage is opened only if it makes the final list.
     */
    private List<WorkspaceVectors.ChunkKey> fullText(WorkspaceId workspace, @Nullable UUID baseId, String text,
                                                     int wanted) {
        List<String> tokens = terms.tokens(workspace, text);
        if (tokens.isEmpty()) {
            return List.of();
        }
        // Every word first; then any two of them (rarer than any one, and a better match); then any word.
        Set<WorkspaceVectors.ChunkKey> found = new LinkedHashSet<>(ranked(baseId,
                BlindTerms.every(tokens), false));
        if (found.size() < wanted && tokens.size() >= 3) {
            found.addAll(ranked(baseId, BlindTerms.atLeastTwo(tokens), true));
        }
        if (found.size() < wanted && tokens.size() >= 2) {
            found.addAll(ranked(baseId, BlindTerms.any(tokens), true));
        }
        return List.copyOf(found);
    }

    /**
     * The best passages for a {@code tsquery}. Every word: all matches are ranked. Looser queries ({@code bounded}):
     * at most {@value #ANY_WORD_RANKED} matches are ranked, as the index yields them, so that a query of common words does
     * not read thousands of passages (what ranking them costs, see docs/benchmarks.md).
     */
    private List<WorkspaceVectors.ChunkKey> ranked(@Nullable UUID baseId, String tsquery, boolean bounded) {
        // Ranked by knowledge_ranked (V53), in the workspace of this transaction's context only: under row-level
        // security the terms' index could not serve the query.
        return jdbc.sql("""
                        SELECT document_id, seq
                        FROM knowledge_ranked(CAST(:q AS tsquery), CAST(:b AS uuid), CAST(:bound AS integer), :n)""")
                .param("q", tsquery).param("b", baseId).param("bound", bounded ? ANY_WORD_RANKED : null)
                .param("n", CANDIDATES)
                .query((rs, n) -> new WorkspaceVectors.ChunkKey(rs.getObject("document_id", UUID.class),
                        rs.getInt("seq")))
                .list();
    }

    /** The passage opened, with its fused score; null when its uploader was erased (it cannot be opened). */
    private @Nullable Hit load(WorkspaceId workspace, WorkspaceVectors.ChunkKey key, double score) {
        return jdbc.sql("""
                        SELECT c.base_id, p.content, d.title, d.uploaded_by FROM knowledge_chunks c
                        JOIN knowledge_passages p USING (workspace_id, document_id, seq)
                        JOIN knowledge_documents d USING (workspace_id, document_id)
                        WHERE c.workspace_id = :w AND c.document_id = :d AND c.seq = :s""")
                .param("w", workspace.id()).param("d", key.documentId()).param("s", key.seq())
                .query((rs, n) -> opened(workspace, rs.getObject("base_id", UUID.class), key.documentId(),
                        rs.getString("title"), key.seq(), rs.getBytes("content"),
                        rs.getObject("uploaded_by", UUID.class), score))
                .optional().orElse(null);
    }

    private @Nullable Hit opened(WorkspaceId workspace, UUID baseId, UUID documentId, String title, int seq,
                                 byte[] content, UUID uploader, double score) {
        try {
            return new Hit(baseId, documentId, title, seq, seal.open(workspace, new PersonId(uploader), content,
                    Ingestion.chunkContext(documentId, seq)), score);
        } catch (ContentSeal.SealBroken e) {
            return null; // its uploader was erased
        }
    }
}
