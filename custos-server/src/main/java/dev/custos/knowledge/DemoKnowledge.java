package dev.custos.knowledge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;

import dev.custos.keys.ContentSeal;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.workspace.WorkspaceCreated;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Gives the demo workspace a knowledge base with a short handbook, so knowledge search works offline at once. */
@Component
class DemoKnowledge {

    static final String BASE_NAME = "Custos handbook";

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final ContentSeal seal;
    private final Ingestion ingestion;
    private final Clock clock;

    DemoKnowledge(JdbcClient jdbc, Tenancy tenancy, ContentSeal seal,
                  Ingestion ingestion, Clock clock) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.seal = seal;
        this.ingestion = ingestion;
        this.clock = clock;
    }

    @EventListener
    void on(WorkspaceCreated created) {
        if (!created.demo()) {
            return;
        }
        String text = handbook();
        UUID base = UUID.randomUUID();
        UUID document = UUID.randomUUID();
        tenancy.inWorkspace(created.workspace(), created.owner(), () -> {
            jdbc.sql("""
                            INSERT INTO knowledge_bases (workspace_id, base_id, name, description, embeddings,
                                created_by, created_at)
                            VALUES (:w, :b, :name, 'What the demo assistant can look up.', 'none', :by, :now)""")
                    .param("w", created.workspace().id()).param("b", base).param("name", BASE_NAME)
                    .param("by", created.owner().id()).param("now", SqlTime.of(clock.instant())).update();
            jdbc.sql("""
                            INSERT INTO knowledge_documents (workspace_id, document_id, base_id, title, media_type,
                                size_bytes, text, status, uploaded_by, uploaded_at)
                            VALUES (:w, :d, :b, 'handbook.md', 'text/markdown', :size, :text, 'ingesting', :by, :now)""")
                    .param("w", created.workspace().id()).param("d", document).param("b", base)
                    .param("size", text.getBytes(StandardCharsets.UTF_8).length)
                    .param("text", seal.seal(created.workspace(), created.owner(), text, Ingestion.textContext(document)))
                    .param("by", created.owner().id()).param("now", SqlTime.of(clock.instant())).update();
            ingestion.startAfterCommit(created.workspace(), document);
        });
    }

    private static String handbook() {
        try (InputStream in = new ClassPathResource("knowledge/demo-handbook.md").getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
