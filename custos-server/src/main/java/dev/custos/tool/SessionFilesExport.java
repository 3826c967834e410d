package dev.custos.tool;

import java.util.Map;
import java.util.UUID;

import dev.custos.keys.ContentSeal;
import dev.custos.platform.PersonId;
import dev.custos.platform.WorkspaceId;
import dev.custos.privacy.SealedExport;
import org.springframework.stereotype.Component;

/** Opens the files of the person's sessions for their data export. */
@Component
class SessionFilesExport implements SealedExport {

    private final ContentSeal seal;

    SessionFilesExport(ContentSeal seal) {
        this.seal = seal;
    }

    @Override
    public String table() {
        return "session_files";
    }

    @Override
    public String column() {
        return "content";
    }

    @Override
    public Object open(PersonId subject, Map<String, Object> row) {
        try {
            return seal.open(new WorkspaceId(UUID.fromString(String.valueOf(row.get("workspace_id")))), subject,
                    (byte[]) row.get("content"),
                    SessionFiles.sealContext(row.get("session_id"), String.valueOf(row.get("path"))));
        } catch (ContentSeal.SealBroken e) {
            return Map.of("erased", true);
        }
    }
}
