package dev.custos.agent;

import java.util.Map;
import java.util.UUID;

import dev.custos.keys.ContentSeal;
import dev.custos.platform.PersonId;
import dev.custos.platform.SessionId;
import dev.custos.platform.WorkspaceId;
import dev.custos.privacy.SealedExport;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Opens the person's session events for their data export. */
@Component
class SessionEventsExport implements SealedExport {

    private final ContentSeal seal;
    private final JsonMapper json;

    SessionEventsExport(ContentSeal seal, JsonMapper json) {
        this.seal = seal;
        this.json = json;
    }

    @Override
    public String table() {
        return "session_events";
    }

    @Override
    public String column() {
        return "content";
    }

    @Override
    public Object open(PersonId subject, Map<String, Object> row) {
        if (!(row.get("content") instanceof byte[] sealed)) {
            return Map.of();
        }
        UUID session = UUID.fromString(String.valueOf(row.get("session_id")));
        long seq = ((Number) row.get("seq")).longValue();
        try {
            return json.readValue(seal.open(new WorkspaceId(UUID.fromString(String.valueOf(row.get("workspace_id")))),
                    subject, sealed, SessionLog.sealContext(new SessionId(session), seq)),
                    new TypeReference<Map<String, Object>>() {
                    });
        } catch (ContentSeal.SealBroken e) {
            return Map.of("erased", true);
        }
    }
}
