package dev.custos.knowledge;

import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.usage.StoredBytes;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The bytes of a workspace's knowledge documents, as uploaded: part of what its plan's storage limit counts. */
@Component
class KnowledgeStorage implements StoredBytes {

    private final JdbcClient jdbc;
    private final Tenancy tenancy;

    KnowledgeStorage(JdbcClient jdbc, Tenancy tenancy) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
    }

    @Override
    public long bytes(WorkspaceId workspace) {
        return tenancy.inWorkspace(workspace, null, () -> jdbc.sql(
                        "SELECT COALESCE(sum(size_bytes), 0) FROM knowledge_documents WHERE workspace_id = :w")
                .param("w", workspace.id()).query(Long.class).single());
    }
}
