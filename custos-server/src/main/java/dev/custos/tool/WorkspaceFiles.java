package dev.custos.tool;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

import dev.custos.keys.ContentSeal;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Text files attached to a session, for an agent to keep notes and drafts in: list, read, write. Sealed at rest
 * like messages; at most {@value #MAX_FILE_BYTES} bytes a file and {@value #MAX_SESSION_BYTES} a session.
 */
@Component
public class WorkspaceFiles implements Tool {

    static final int MAX_FILE_BYTES = 256 * 1024;
    static final int MAX_SESSION_BYTES = 5 * 1024 * 1024;
    private static final String PATH = "[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*";

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final ContentSeal seal;
    private final JsonMapper json;
    private final Clock clock;

    WorkspaceFiles(JdbcClient jdbc, Tenancy tenancy, ContentSeal seal, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.seal = seal;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "workspace_files";
    }

    @Override
    public String description() {
        return "Lists, reads and writes text files attached to this session.";
    }

    @Override
    public String parametersSchema() {
        return """
                {"type":"object","properties":{\
                "action":{"type":"string","enum":["list","read","write"]},\
                "path":{"type":"string","description":"e.g. notes/plan.md"},\
                "content":{"type":"string","description":"the text to write (write only)"}},\
                "required":["action"],"additionalProperties":false}""";
    }

    @Override
    public String call(ToolContext context, String argumentsJson) {
        JsonNode arguments;
        try {
            arguments = json.readTree(argumentsJson.isBlank() ? "{}" : argumentsJson);
        } catch (JacksonException e) {
            throw new ToolFailed("The arguments are not valid JSON.");
        }
        return tenancy.inWorkspace(context.workspace(), context.person(), () ->
                switch (arguments.path("action").asString("")) {
                    case "list" -> list(context);
                    case "read" -> read(context, path(arguments));
                    case "write" -> write(context, path(arguments), arguments.path("content").asString(""));
                    default -> throw new ToolFailed("action must be list, read or write.");
                });
    }

    private String list(ToolContext context) {
        List<String> files = jdbc.sql("""
                        SELECT path || ' (' || size_bytes || ' bytes)' FROM session_files
                        WHERE workspace_id = :ws AND session_id = :session ORDER BY path""")
                .param("ws", context.workspace().id()).param("session", context.sessionId())
                .query(String.class).list();
        return files.isEmpty() ? "No files yet." : String.join("\n", files);
    }

    private String read(ToolContext context, String path) {
        byte[] sealed = jdbc.sql("""
                        SELECT content FROM session_files
                        WHERE workspace_id = :ws AND session_id = :session AND path = :path""")
                .param("ws", context.workspace().id()).param("session", context.sessionId()).param("path", path)
                .query((rs, n) -> rs.getBytes(1)).optional()
                .orElseThrow(() -> new ToolFailed("There is no file " + path + "."));
        return seal.open(context.workspace(), context.person(), sealed, sealContext(context, path));
    }

    private String write(ToolContext context, String path, String content) {
        int size = content.getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_FILE_BYTES) {
            throw new ToolFailed("A file may hold at most " + MAX_FILE_BYTES + " bytes.");
        }
        long others = jdbc.sql("""
                        SELECT COALESCE(sum(size_bytes), 0) FROM session_files
                        WHERE workspace_id = :ws AND session_id = :session AND path <> :path""")
                .param("ws", context.workspace().id()).param("session", context.sessionId()).param("path", path)
                .query(Long.class).single();
        if (others + size > MAX_SESSION_BYTES) {
            throw new ToolFailed("The session's files may hold at most " + MAX_SESSION_BYTES + " bytes in all.");
        }
        jdbc.sql("""
                INSERT INTO session_files (workspace_id, session_id, path, content, size_bytes, updated_at)
                VALUES (:ws, :session, :path, :content, :size, :now)
                ON CONFLICT (workspace_id, session_id, path) DO UPDATE
                    SET content = :content, size_bytes = :size, updated_at = :now""")
                .param("ws", context.workspace().id()).param("session", context.sessionId()).param("path", path)
                .param("content", seal.seal(context.workspace(), context.person(), content, sealContext(context, path)))
                .param("size", size).param("now", SqlTime.of(clock.instant())).update();
        return "Wrote " + size + " bytes to " + path + ".";
    }

    private static String path(JsonNode arguments) {
        String path = arguments.path("path").asString("");
        if (path.length() > 200 || !path.matches(PATH) || path.contains("..")) {
            throw new ToolFailed("path must be a relative path of letters, digits, '.', '_', '-' and '/', "
                    + "at most 200 characters.");
        }
        return path;
    }

    private static String sealContext(ToolContext context, String path) {
        return sealContext(context.sessionId(), path);
    }

    static String sealContext(Object session, String path) {
        return "session-file|" + session + "|" + path;
    }
}
