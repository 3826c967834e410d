package dev.custos.agent;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import dev.custos.audit.AuditLog;
import dev.custos.keys.ContentSeal;
import dev.custos.model.ModelChoice;
import dev.custos.model.ModelGateway;
import dev.custos.model.ModelProviders;
import dev.custos.model.ProviderEntry;
import dev.custos.platform.AgentId;
import dev.custos.platform.PersonId;
import dev.custos.platform.ProviderId;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.tool.Tools;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Creates, changes and lists agents. Instructions are sealed at rest like every other piece of content. */
@Service
public class Agents {

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final ContentSeal seal;
    private final ModelGateway gateway;
    private final Tools tools;
    private final AuditLog audit;
    private final Clock clock;
    private final ModelProviders providers;

    Agents(JdbcClient jdbc, Tenancy tenancy, ContentSeal seal, ModelGateway gateway, Tools tools, AuditLog audit,
           Clock clock, ModelProviders providers) {
        this.providers = providers;
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.seal = seal;
        this.gateway = gateway;
        this.tools = tools;
        this.audit = audit;
        this.clock = clock;
    }

    public Agent create(WorkspaceAccess access, AgentSpec spec) {
        access.require(Permission.WRITE);
        ModelChoice choice = check(access.workspace(), spec);
        UUID id = UUID.randomUUID();
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            insert(access.workspace(), access.actor().person(), id, spec, choice.provider().id(), choice.model());
            audit.record(access.event("agent.created").on("agent", id).with("model", choice.id())
                    .with("approval_tools", String.join(",", spec.approvalToolsOrNone())));
            return find(access.workspace(), new AgentId(id));
        });
    }

    /** Stores a new agent; within the caller's workspace-bound transaction, the spec already checked. */
    void insert(WorkspaceId workspace, PersonId by, UUID id, AgentSpec spec, UUID providerId, String model) {
        jdbc.sql("""
                INSERT INTO agents (workspace_id, agent_id, name, instructions, provider_id, model, tools,
                                    approval_tools, redaction, max_steps, created_by, created_at, updated_at)
                VALUES (:ws, :id, :name, :instructions, :provider, :model, :tools, :approvals, :redaction,
                        :maxSteps, :by, :now, :now)""")
                .param("ws", workspace.id()).param("id", id).param("name", spec.name().strip())
                .param("instructions", seal.seal(workspace, spec.instructions(), sealContext(id)))
                .param("provider", providerId).param("model", model)
                .param("tools", spec.toolsOrNone().toArray(String[]::new))
                .param("approvals", spec.approvalToolsOrNone().toArray(String[]::new))
                .param("redaction", spec.redactionOn()).param("maxSteps", spec.maxStepsOrDefault())
                .param("by", by.id()).param("now", SqlTime.of(clock.instant())).update();
    }

    public Agent update(WorkspaceAccess access, AgentId agentId, AgentSpec spec) {
        access.require(Permission.WRITE);
        ModelChoice choice = check(access.workspace(), spec);
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            int updated = jdbc.sql("""
                    UPDATE agents SET name = :name, instructions = :instructions, provider_id = :provider,
                        model = :model, tools = :tools, approval_tools = :approvals, redaction = :redaction,
                        max_steps = :maxSteps, updated_at = :now
                    WHERE workspace_id = :ws AND agent_id = :id""")
                    .param("ws", access.workspace().id()).param("id", agentId).param("name", spec.name().strip())
                    .param("instructions", seal.seal(access.workspace(), spec.instructions(),
                            sealContext(agentId.id())))
                    .param("provider", choice.provider().id()).param("model", choice.model())
                    .param("tools", spec.toolsOrNone().toArray(String[]::new))
                    .param("approvals", spec.approvalToolsOrNone().toArray(String[]::new))
                    .param("redaction", spec.redactionOn()).param("maxSteps", spec.maxStepsOrDefault())
                    .param("now", SqlTime.of(clock.instant())).update();
            if (updated == 0) {
                throw CustosException.notFound("Agent");
            }
            audit.record(access.event("agent.updated").on("agent", agentId).with("model", choice.id())
                    .with("approval_tools", String.join(",", spec.approvalToolsOrNone())));
            return find(access.workspace(), agentId);
        });
    }

    public void delete(WorkspaceAccess access, AgentId agentId) {
        access.require(Permission.WRITE);
        tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            int deleted = jdbc.sql("DELETE FROM agents WHERE workspace_id = :ws AND agent_id = :id")
                    .param("ws", access.workspace().id()).param("id", agentId).update();
            if (deleted == 0) {
                throw CustosException.notFound("Agent");
            }
            audit.record(access.event("agent.deleted").on("agent", agentId));
        });
    }

    public List<Agent> list(WorkspaceAccess access) {
        access.require(Permission.READ);
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> jdbc.sql(
                        "SELECT * FROM agents WHERE workspace_id = :ws ORDER BY name, agent_id")
                .param("ws", access.workspace().id()).query(this::agent).list());
    }

    public Agent get(WorkspaceAccess access, AgentId agentId) {
        access.require(Permission.READ);
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> find(access.workspace(), agentId));
    }

    /** Within a tenancy context already. */
    Agent find(WorkspaceId workspace, AgentId agentId) {
        return jdbc.sql("SELECT * FROM agents WHERE workspace_id = :ws AND agent_id = :id")
                .param("ws", workspace.id()).param("id", agentId).query(this::agent).optional()
                .orElseThrow(() -> CustosException.notFound("Agent"));
    }

    private ModelChoice check(WorkspaceId workspace, AgentSpec spec) {
        for (String tool : spec.toolsOrNone()) {
            if (tools.find(workspace, tool).isEmpty()) {
                throw CustosException.invalid("unknown-tool", "There is no tool named '" + tool + "'.");
            }
        }
        if (!spec.toolsOrNone().containsAll(spec.approvalToolsOrNone())) {
            throw CustosException.invalid("invalid-approval-tools",
                    "approvalTools must name tools the agent has.");
        }
        return gateway.choices(workspace).stream().filter(choice -> choice.id().equals(spec.model())).findFirst()
                .orElseThrow(() -> CustosException.invalid("unknown-model",
                        "model must be one of the workspace's models (provider/model), as GET /v1/models lists."));
    }

    private Agent agent(ResultSet rs, int row) throws SQLException {
        WorkspaceId workspace = new WorkspaceId(rs.getObject("workspace_id", UUID.class));
        UUID id = rs.getObject("agent_id", UUID.class);
        UUID provider = rs.getObject("provider_id", UUID.class);
        return new Agent(id, rs.getString("name"), seal.open(workspace, rs.getBytes("instructions"), sealContext(id)),
                provider, providerName(provider) + "/" + rs.getString("model"),
                List.of((String[]) rs.getArray("tools").getArray()),
                List.of((String[]) rs.getArray("approval_tools").getArray()), rs.getBoolean("redaction"),
                rs.getInt("max_steps"), rs.getObject("created_by", UUID.class), SqlTime.instant(rs, "created_at"),
                SqlTime.instant(rs, "updated_at"));
    }

    private String providerName(UUID providerId) {
        return providers.find(new ProviderId(providerId)).map(ProviderEntry::name).orElse("removed");
    }

    static String sealContext(UUID agentId) {
        return "agent-instructions|" + agentId;
    }
}
