package dev.custos.knowledge;

import java.util.Map;
import java.util.UUID;

import dev.custos.keys.ContentSeal;
import dev.custos.platform.PersonId;
import dev.custos.platform.WorkspaceId;
import dev.custos.privacy.SealedExport;
import org.springframework.stereotype.Component;

/** Opens the text of the documents a person uploaded, for their data export. */
@Component
class KnowledgeExport implements SealedExport {

    private final ContentSeal seal;

    KnowledgeExport(ContentSeal seal) {
        this.seal = seal;
    }

    @Override
    public String table() {
        return "knowledge_documents";
    }

    @Override
    public String column() {
        return "text";
    }

    @Override
    public Object open(PersonId subject, Map<String, Object> row) {
        try {
            UUID document = UUID.fromString(String.valueOf(row.get("document_id")));
            return seal.open(new WorkspaceId(UUID.fromString(String.valueOf(row.get("workspace_id")))), subject,
                    (byte[]) row.get("text"), Ingestion.textContext(document));
        } catch (ContentSeal.SealBroken e) {
            return Map.of("erased", true);
        }
    }
}
