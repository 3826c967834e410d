package dev.custos.knowledge;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import dev.custos.audit.AuditLog;
import dev.custos.keys.ContentSeal;
import dev.custos.platform.PersonId;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.usage.Entitlements;
import dev.custos.usage.Feature;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * A workspace's knowledge bases and their documents: members read and search them, and add documents (the text is
 * read, sealed under the uploader's key and stored before the answer; indexing follows, see {@link Ingestion});
 * admins delete bases. Every change is audited.
 */
@Service
public class KnowledgeBases {

    private static final int MAX_BASES = 50;
    private static final int MAX_DOCUMENTS_PER_BASE = 10_000;

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final ContentSeal seal;
    private final DocumentText documents;
    private final Ingestion ingestion;
    private final Embedders embedders;
    private final AuditLog audit;
    private final Clock clock;
    private final Entitlements entitlements;

    KnowledgeBases(JdbcClient jdbc, Tenancy tenancy, ContentSeal seal, DocumentText documents, Ingestion ingestion,
                   Embedders embedders, AuditLog audit, Clock clock, Entitlements entitlements) {
        this.entitlements = entitlements;
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.seal = seal;
        this.documents = documents;
        this.ingestion = ingestion;
        this.embedders = embedders;
        this.audit = audit;
        this.clock = clock;
    }

    public List<KnowledgeBase> list(WorkspaceAccess access) {
        access.require(Permission.READ);
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> jdbc.sql(BASES + """
                        WHERE b.workspace_id = :w GROUP BY b.workspace_id, b.base_id ORDER BY b.name""")
                .param("w", access.workspace().id()).query(KnowledgeBases::base).list());
    }

    public KnowledgeBase get(WorkspaceAccess access, UUID baseId) {
        access.require(Permission.READ);
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> find(access.workspace(), baseId));
    }

    public KnowledgeBase create(WorkspaceAccess access, String name, String description, String embeddings) {
        access.require(Permission.WRITE);
        entitlements.require(access.workspace(), Feature.KNOWLEDGE);
        String cleanName = name.strip();
        if (cleanName.isEmpty() || cleanName.length() > 100 || description.length() > 1000) {
            throw CustosException.invalid("invalid-knowledge-base", "A knowledge base has a name of 1 to 100 "
                    + "characters and a description of at most 1000.");
        }
        embedders.check(access.workspace(), embeddings);
        UUID id = UUID.randomUUID();
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            long count = jdbc.sql("SELECT count(*) FROM knowledge_bases WHERE workspace_id = :w")
                    .param("w", access.workspace().id()).query(Long.class).single();
            if (count >= MAX_BASES) {
                throw CustosException.invalid("too-many-knowledge-bases",
                        "A workspace keeps at most " + MAX_BASES + " knowledge bases.");
            }
            boolean inserted = insertBase(access.workspace(), access.actor().person(), id, cleanName,
                    description.strip(), embeddings);
            if (!inserted) {
                throw CustosException.conflict("knowledge-base-name-taken",
                        "This workspace already has a knowledge base of that name.");
            }
            audit.record(access.event("knowledge_base.created").on("knowledge_base", id)
                    .with("embeddings", embeddings));
            return find(access.workspace(), id);
        });
    }

    /** Deletes a base with its documents, their chunks and vectors. */
    public void delete(WorkspaceAccess access, UUID baseId) {
        access.require(Permission.MANAGE_WORKSPACE);
        tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            find(access.workspace(), baseId);
            jdbc.sql("DELETE FROM knowledge_bases WHERE workspace_id = :w AND base_id = :id")
                    .param("w", access.workspace().id()).param("id", baseId).update();
            audit.record(access.event("knowledge_base.deleted").on("knowledge_base", baseId));
        });
    }

    public List<KnowledgeDocument> documents(WorkspaceAccess access, UUID baseId) {
        access.require(Permission.READ);
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            find(access.workspace(), baseId);
            return jdbc.sql("""
                            SELECT * FROM knowledge_documents WHERE workspace_id = :w AND base_id = :b
                            ORDER BY uploaded_at DESC, document_id""")
                    .param("w", access.workspace().id()).param("b", baseId).query(KnowledgeBases::document).list();
        });
    }

    public KnowledgeDocument document(WorkspaceAccess access, UUID baseId, UUID documentId) {
        access.require(Permission.READ);
        return tenancy.inWorkspace(access.workspace(), access.actor().person(),
                () -> findDocument(access.workspace(), baseId, documentId));
    }

    /**
     * Reads the document's text (refusing what cannot be read, storing nothing then), stores it sealed, and starts
     * its indexing once that is committed. The answer's status is {@code ingesting}.
     */
    public KnowledgeDocument upload(WorkspaceAccess access, UUID baseId, String fileName, byte[] bytes) {
        access.require(Permission.WRITE);
        entitlements.require(access.workspace(), Feature.KNOWLEDGE);
        entitlements.requireStorage(access.workspace(), bytes.length);
        String title = fileName.isBlank() ? "document" : fileName.strip();
        title = title.length() > 255 ? title.substring(0, 255) : title;
        tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> find(access.workspace(), baseId));
        DocumentText.Extracted extracted = documents.extract(title, bytes);
        UUID id = UUID.randomUUID();
        String documentTitle = title;
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            long count = jdbc.sql("SELECT count(*) FROM knowledge_documents WHERE workspace_id = :w AND base_id = :b")
                    .param("w", access.workspace().id()).param("b", baseId).query(Long.class).single();
            if (count >= MAX_DOCUMENTS_PER_BASE) {
                throw CustosException.invalid("too-many-documents",
                        "A knowledge base holds at most " + MAX_DOCUMENTS_PER_BASE + " documents.");
            }
            insertDocument(access.workspace(), access.actor().person(), baseId, id, documentTitle,
                    extracted.mediaType(), bytes.length, extracted.text());
            audit.record(access.event("knowledge_document.uploaded").on("knowledge_document", id)
                    .with("base", baseId.toString()).with("media_type", extracted.mediaType()));
            return findDocument(access.workspace(), baseId, id);
        });
    }

    /** Stores a base, in the caller's tenancy; false when the workspace has one of that name already. */
    boolean insertBase(WorkspaceId workspace, PersonId by, UUID id, String name, String description,
                       String embeddings) {
        return jdbc.sql("""
                        INSERT INTO knowledge_bases (workspace_id, base_id, name, description, embeddings, created_by,
                            created_at)
                        VALUES (:w, :id, :name, :description, :embeddings, :by, :now) ON CONFLICT DO NOTHING""")
                .param("w", workspace.id()).param("id", id).param("name", name).param("description", description)
                .param("embeddings", embeddings).param("by", by.id()).param("now", SqlTime.of(clock.instant()))
                .update() > 0;
    }

    /**
     * Stores a document's text sealed under its uploader's key, in the caller's tenancy, and has it indexed once
     * the caller's transaction commits.
     */
    void insertDocument(WorkspaceId workspace, PersonId uploader, UUID baseId, UUID id, String title,
                        String mediaType, int sizeBytes, String text) {
        jdbc.sql("""
                        INSERT INTO knowledge_documents (workspace_id, document_id, base_id, title, media_type,
                            size_bytes, text, status, uploaded_by, uploaded_at)
                        VALUES (:w, :id, :b, :title, :type, :size, :text, 'ingesting', :by, :now)""")
                .param("w", workspace.id()).param("id", id).param("b", baseId).param("title", title)
                .param("type", mediaType).param("size", sizeBytes)
                .param("text", seal.seal(workspace, uploader, text, Ingestion.textContext(id)))
                .param("by", uploader.id()).param("now", SqlTime.of(clock.instant())).update();
        ingestion.startAfterCommit(workspace, id);
    }

    /** Removes a document with its chunks; its uploader or an admin may. */
    public void deleteDocument(WorkspaceAccess access, UUID baseId, UUID documentId) {
        access.require(Permission.WRITE);
        tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            KnowledgeDocument document = findDocument(access.workspace(), baseId, documentId);
            if (!access.actor().person().id().equals(document.uploadedBy())
                    && !access.can(Permission.MANAGE_WORKSPACE)) {
                throw CustosException.forbidden("Only its uploader or an admin removes a document.");
            }
            jdbc.sql("DELETE FROM knowledge_documents WHERE workspace_id = :w AND document_id = :id")
                    .param("w", access.workspace().id()).param("id", documentId).update();
            audit.record(access.event("knowledge_document.deleted").on("knowledge_document", documentId));
        });
    }

    private static final String BASES = """
            SELECT b.*, count(DISTINCT d.document_id) AS documents, coalesce(sum(d.chunk_count), 0) AS chunks
            FROM knowledge_bases b LEFT JOIN knowledge_documents d USING (workspace_id, base_id)
            """;

    private KnowledgeBase find(WorkspaceId workspace, UUID baseId) {
        return jdbc.sql(BASES + " WHERE b.workspace_id = :w AND b.base_id = :id GROUP BY b.workspace_id, b.base_id")
                .param("w", workspace.id()).param("id", baseId).query(KnowledgeBases::base).optional()
                .orElseThrow(() -> CustosException.notFound("Knowledge base"));
    }

    private KnowledgeDocument findDocument(WorkspaceId workspace, UUID baseId, UUID documentId) {
        return jdbc.sql("SELECT * FROM knowledge_documents WHERE workspace_id = :w AND base_id = :b AND document_id = :id")
                .param("w", workspace.id()).param("b", baseId).param("id", documentId)
                .query(KnowledgeBases::document).optional()
                .orElseThrow(() -> CustosException.notFound("Document"));
    }

    private static KnowledgeBase base(ResultSet rs, int row) throws SQLException {
        return new KnowledgeBase(rs.getObject("base_id", UUID.class), rs.getString("name"),
                rs.getString("description"), rs.getString("embeddings"), rs.getObject("created_by", UUID.class),
                SqlTime.instant(rs, "created_at"), rs.getLong("documents"), rs.getLong("chunks"));
    }

    static KnowledgeDocument document(ResultSet rs, int row) throws SQLException {
        return new KnowledgeDocument(rs.getObject("document_id", UUID.class), rs.getObject("base_id", UUID.class),
                rs.getString("title"), rs.getString("media_type"), rs.getInt("size_bytes"), rs.getString("status"),
                rs.getString("error"), rs.getInt("chunk_count"), rs.getObject("uploaded_by", UUID.class),
                SqlTime.instant(rs, "uploaded_at"), SqlTime.instant(rs, "ingested_at"));
    }
}
