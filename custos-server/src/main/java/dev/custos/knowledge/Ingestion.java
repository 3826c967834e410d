package dev.custos.knowledge;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import dev.custos.keys.ContentSeal;
import dev.custos.model.ModelCallFailed;
import dev.custos.platform.ClusterJobs;
import dev.custos.platform.PersonId;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Indexes a stored document: its text in chunks, each sealed, with its blind terms and (where the base has them)
 * its vector, written in one transaction with the document's new status, so a document is either ingesting or
 * ready with all its chunks. Runs on one platform thread per node after the upload commits; documents left
 * ingesting by a node that stopped are resumed by a sweep that runs on one node at a time.
 */
@Component
class Ingestion {

    private static final Logger log = LoggerFactory.getLogger(Ingestion.class);

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final ContentSeal seal;
    private final BlindTerms terms;
    private final Embedders embeddings;
    private final ClusterJobs jobs;
    private final Clock clock;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> Thread.ofPlatform()
            .daemon().name("custos-knowledge-ingestion").unstarted(runnable));

    Ingestion(JdbcClient jdbc, Tenancy tenancy, ContentSeal seal, BlindTerms terms, Embedders embeddings,
              ClusterJobs jobs, Clock clock) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.seal = seal;
        this.terms = terms;
        this.embeddings = embeddings;
        this.jobs = jobs;
        this.clock = clock;
    }

    static String textContext(UUID documentId) {
        return "knowledge-document|" + documentId;
    }

    static String chunkContext(UUID documentId, int seq) {
        return "knowledge-chunk|" + documentId + "|" + seq;
    }

    static String vectorContext(UUID documentId, int seq) {
        return "knowledge-vector|" + documentId + "|" + seq;
    }

    /** Starts indexing once the caller's transaction (which stored the document) has committed. */
    void startAfterCommit(WorkspaceId workspace, UUID documentId) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                worker.submit(() -> ingest(workspace, documentId));
            }
        });
    }

    /** Documents some node began but did not finish (it stopped): indexed again, from their stored text. */
    @Scheduled(fixedDelayString = "${custos.knowledge.resume-interval:30s}",
            initialDelayString = "${custos.knowledge.resume-interval:30s}")
    void resumeStalled() {
        jobs.runAlone("knowledge-ingestion", () -> {
            List<Map.Entry<WorkspaceId, UUID>> stalled = jdbc.sql(
                            "SELECT * FROM knowledge_documents_to_resume(make_interval(mins => 2), 20)")
                    .query((rs, n) -> Map.entry(new WorkspaceId(rs.getObject(1, UUID.class)),
                            rs.getObject(2, UUID.class)))
                    .list();
            stalled.forEach(document -> ingest(document.getKey(), document.getValue()));
            return stalled.size();
        });
    }

    /** Indexes one document; idempotent, so a resumed or repeated run leaves the same chunks. */
    void ingest(WorkspaceId workspace, UUID documentId) {
        record Stored(UUID baseId, PersonId uploader, String text, String embeddings) {
        }
        record Chunk(byte[] content, String terms, byte @Nullable [] vector) {
        }
        try {
            Stored stored = tenancy.inWorkspace(workspace, null, () -> jdbc.sql("""
                            SELECT d.base_id, d.uploaded_by, d.text, b.embeddings FROM knowledge_documents d
                            JOIN knowledge_bases b USING (workspace_id, base_id)
                            WHERE d.workspace_id = :w AND d.document_id = :id AND d.status = 'ingesting'""")
                    .param("w", workspace.id()).param("id", documentId)
                    .query((rs, n) -> {
                        PersonId uploader = new PersonId(rs.getObject("uploaded_by", UUID.class));
                        return new Stored(rs.getObject("base_id", UUID.class), uploader,
                                seal.open(workspace, uploader, rs.getBytes("text"), textContext(documentId)),
                                rs.getString("embeddings"));
                    })
                    .optional().orElse(null));
            if (stored == null) {
                return; // gone, or done by another node
            }
            List<String> pieces = Chunks.of(stored.text());
            List<float[]> vectors = Embedders.vectors(stored.embeddings())
                    ? embeddings.all(workspace, stored.uploader(), stored.embeddings(), pieces) : null;
            List<Chunk> chunks = new ArrayList<>();
            for (int seq = 0; seq < pieces.size(); seq++) {
                String piece = pieces.get(seq);
                byte[] vector = vectors == null ? null : seal.seal(workspace, stored.uploader(),
                        encode(vectors.get(seq)), vectorContext(documentId, seq));
                chunks.add(new Chunk(seal.seal(workspace, stored.uploader(), piece, chunkContext(documentId, seq)),
                        terms.vector(workspace, piece), vector));
            }
            tenancy.inWorkspace(workspace, null, () -> {
                jdbc.sql("DELETE FROM knowledge_chunks WHERE workspace_id = :w AND document_id = :id")
                        .param("w", workspace.id()).param("id", documentId).update();
                for (int seq = 0; seq < chunks.size(); seq++) {
                    jdbc.sql("""
                                    INSERT INTO knowledge_chunks (workspace_id, document_id, seq, base_id, terms)
                                    VALUES (:w, :id, :seq, :b, CAST(:terms AS tsvector))""")
                            .param("w", workspace.id()).param("id", documentId).param("seq", seq)
                            .param("b", stored.baseId()).param("terms", chunks.get(seq).terms()).update();
                    jdbc.sql("""
                                    INSERT INTO knowledge_passages (workspace_id, document_id, seq, content, embedding)
                                    VALUES (:w, :id, :seq, :content, :vector)""")
                            .param("w", workspace.id()).param("id", documentId).param("seq", seq)
                            .param("content", chunks.get(seq).content()).param("vector", chunks.get(seq).vector())
                            .update();
                }
                jdbc.sql("""
                                UPDATE knowledge_documents SET status = 'ready', chunk_count = :n, ingested_at = :now,
                                    error = NULL
                                WHERE workspace_id = :w AND document_id = :id AND status = 'ingesting'""")
                        .param("n", chunks.size()).param("now", SqlTime.of(clock.instant()))
                        .param("w", workspace.id()).param("id", documentId).update();
            });
        } catch (ContentSeal.SealBroken e) {
            fail(workspace, documentId, "The document's text can no longer be opened (its uploader was erased).");
        } catch (ModelCallFailed e) {
            fail(workspace, documentId, "The embedding model failed: " + e.getMessage() + " Upload the document "
                    + "again, or use a knowledge base without provider embeddings.");
        } catch (RuntimeException e) {
            log.warn("Ingestion of document {} failed: {}", documentId, e.getClass().getSimpleName());
            fail(workspace, documentId, "Indexing failed; upload the document again.");
        }
    }

    private void fail(WorkspaceId workspace, UUID documentId, String error) {
        tenancy.inWorkspace(workspace, null, () -> jdbc.sql("""
                        UPDATE knowledge_documents SET status = 'failed', error = :error
                        WHERE workspace_id = :w AND document_id = :id AND status = 'ingesting'""")
                .param("error", error).param("w", workspace.id()).param("id", documentId).update());
    }

    static String encode(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES);
        bytes.asFloatBuffer().put(vector);
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    static float[] decode(String encoded) {
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(encoded));
        float[] vector = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(vector);
        return vector;
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
