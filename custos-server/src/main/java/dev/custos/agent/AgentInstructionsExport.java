package dev.custos.agent;

import java.util.Map;
import java.util.UUID;

import dev.custos.keys.ContentSeal;
import dev.custos.platform.PersonId;
import dev.custos.platform.WorkspaceId;
import dev.custos.privacy.SealedExport;
import org.springframework.stereotype.Component;

/** Opens an agent's instructions when its workspace's data is returned; they are the workspace's, not a person's. */
@Component
class AgentInstructionsExport implements SealedExport {

    private final ContentSeal seal;

    AgentInstructionsExport(ContentSeal seal) {
        this.seal = seal;
    }

    @Override
    public String table() {
        return "agents";
    }

    @Override
    public String column() {
        return "instructions";
    }

    @Override
    public Object open(PersonId subject, Map<String, Object> row) {
        if (!(row.get("instructions") instanceof byte[] sealed)) {
            return "";
        }
        UUID agent = UUID.fromString(String.valueOf(row.get("agent_id")));
        try {
            return seal.open(new WorkspaceId(UUID.fromString(String.valueOf(row.get("workspace_id")))), sealed,
                    Agents.sealContext(agent));
        } catch (ContentSeal.SealBroken e) {
            return Map.of("erased", true);
        }
    }
}
