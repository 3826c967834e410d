package dev.custos.connection;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.custos.platform.SqlTime;
import dev.custos.platform.WorkspaceId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads connections and their tools, within the caller's tenancy; the writers are {@link Connections}'. */
@Component
class ConnectionRows {

    /** A tool row with what calling it needs. */
    record ToolRow(String name, String remoteName, String description, String inputSchemaJson, ToolAccess access) {
    }

    /** The OAuth client Custos registered with an MCP server's authorization server, to renew its tokens. */
    record OAuthClient(String clientId, @Nullable UUID clientSecretId, String tokenUrl, String resource) {
    }

    /**
     * A connection with what only the module sees: its vault secrets, when its token expires, the service's id
     * of the account, and an MCP server's OAuth client.
     */
    record Stored(Connection connection, @Nullable UUID secretId, @Nullable UUID refreshSecretId,
                  @Nullable Instant tokenExpiresAt, @Nullable String accountId, @Nullable OAuthClient client,
                  Map<String, ToolRow> toolsByRemoteName) {
    }

    private final JdbcClient jdbc;

    ConnectionRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The workspace's connections, active ones first, then the revoked, newest first. */
    List<Stored> all(WorkspaceId workspace) {
        Map<UUID, List<ToolRow>> tools = new LinkedHashMap<>();
        jdbc.sql("SELECT * FROM connection_tools WHERE workspace_id = :w ORDER BY tool_name")
                .param("w", workspace.id())
                .query((rs, row) -> tools.computeIfAbsent(rs.getObject("connection_id", UUID.class),
                        id -> new ArrayList<>()).add(toolRow(rs)))
                .list();
        return jdbc.sql("""
                        SELECT * FROM connections WHERE workspace_id = :w
                        ORDER BY status = 'active' DESC, created_at DESC, connection_id""")
                .param("w", workspace.id())
                .query((rs, row) -> stored(rs, tools.getOrDefault(rs.getObject("connection_id", UUID.class),
                        List.of())))
                .list();
    }

    Optional<Stored> find(WorkspaceId workspace, UUID id) {
        List<ToolRow> tools = jdbc.sql("""
                        SELECT * FROM connection_tools WHERE workspace_id = :w AND connection_id = :id
                        ORDER BY tool_name""")
                .param("w", workspace.id()).param("id", id).query((rs, row) -> toolRow(rs)).list();
        return jdbc.sql("SELECT * FROM connections WHERE workspace_id = :w AND connection_id = :id")
                .param("w", workspace.id()).param("id", id).query((rs, row) -> stored(rs, tools)).optional();
    }

    boolean activeHandleTaken(WorkspaceId workspace, String handle) {
        return jdbc.sql("""
                        SELECT count(*) FROM connections
                        WHERE workspace_id = :w AND handle = :handle AND status = 'active'""")
                .param("w", workspace.id()).param("handle", handle).query(Long.class).single() > 0;
    }

    long count(WorkspaceId workspace) {
        return jdbc.sql("SELECT count(*) FROM connections WHERE workspace_id = :w AND status = 'active'")
                .param("w", workspace.id()).query(Long.class).single();
    }

    private static ToolRow toolRow(ResultSet rs) throws SQLException {
        return new ToolRow(rs.getString("tool_name"), rs.getString("remote_name"), rs.getString("description"),
                rs.getString("input_schema"), ToolAccess.of(rs.getString("access")));
    }

    private static Stored stored(ResultSet rs, List<ToolRow> tools) throws SQLException {
        ConnectionScope scope = ConnectionScope.of(rs.getString("scope"));
        boolean active = rs.getString("status").equals("active");
        Map<String, ToolRow> byRemote = new LinkedHashMap<>();
        tools.forEach(tool -> byRemote.put(tool.remoteName(), tool));
        var connection = new Connection(rs.getObject("connection_id", UUID.class), rs.getString("kind"),
                rs.getString("handle"), rs.getString("name"), rs.getString("url"), scope, rs.getString("auth"),
                rs.getString("secret_hint"), rs.getString("status"), rs.getObject("created_by", UUID.class),
                SqlTime.instant(rs, "created_at"), SqlTime.instant(rs, "scope_changed_at"),
                rs.getObject("revoked_by", UUID.class), SqlTime.instant(rs, "revoked_at"),
                SqlTime.instant(rs, "last_used_at"), SqlTime.instant(rs, "tools_listed_at"), rs.getString("account"),
                rs.getObject("agent_id", UUID.class), tools.stream().map(tool -> new Connection.Reach(tool.name(), tool.remoteName(), tool.description(),
                        tool.access(), active && scope.allows(tool.access()))).toList());
        return new Stored(connection, rs.getObject("secret_id", UUID.class),
                rs.getObject("refresh_secret_id", UUID.class), SqlTime.instant(rs, "token_expires_at"),
                rs.getString("account_id"), rs.getString("client_id") == null ? null
                : new OAuthClient(rs.getString("client_id"), rs.getObject("client_secret_id", UUID.class),
                rs.getString("token_url"), rs.getString("resource")), byRemote);
    }
}
