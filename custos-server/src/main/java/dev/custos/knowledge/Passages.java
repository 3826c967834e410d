package dev.custos.knowledge;

import java.util.List;
import java.util.UUID;

import dev.custos.keys.ContentSeal;
import dev.custos.platform.PersonId;
import dev.custos.platform.Tenancy;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** A document's passages, opened, for the page a citation links to. */
@Component
class Passages {

    /** One chunk: its place (the citation's anchor) and text. */
    record Passage(int seq, String text) {
    }

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final ContentSeal seal;

    Passages(JdbcClient jdbc, Tenancy tenancy, ContentSeal seal) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.seal = seal;
    }

    List<Passage> of(WorkspaceAccess access, UUID documentId) {
        access.require(Permission.READ);
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> jdbc.sql("""
                        SELECT p.seq, p.content, d.uploaded_by FROM knowledge_passages p
                        JOIN knowledge_documents d USING (workspace_id, document_id)
                        WHERE p.workspace_id = :w AND p.document_id = :d ORDER BY p.seq""")
                .param("w", access.workspace().id()).param("d", documentId)
                .query((rs, n) -> {
                    int seq = rs.getInt("seq");
                    try {
                        return new Passage(seq, seal.open(access.workspace(),
                                new PersonId(rs.getObject("uploaded_by", UUID.class)), rs.getBytes("content"),
                                Ingestion.chunkContext(documentId, seq)));
                    } catch (ContentSeal.SealBroken e) {
                        return new Passage(seq, "(erased)");
                    }
                })
                .list());
    }
}
