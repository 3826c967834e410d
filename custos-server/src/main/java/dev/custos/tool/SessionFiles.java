package dev.custos.tool;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.custos.keys.ContentSeal;
import dev.custos.platform.SqlTime;
import dev.custos.platform.web.CustosException;
import dev.custos.usage.Entitlements;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The text files attached to one session, sealed at rest like messages: at most {@value #MAX_FILE_BYTES} bytes a
 * file and {@value #MAX_SESSION_BYTES} a session. Within the caller's tenancy; what a tool sees of them is always
 * its own session's files, never another session's or workspace's.
 */
@Component
class SessionFiles {

    static final int MAX_FILE_BYTES = 256 * 1024;
    static final int MAX_SESSION_BYTES = 5 * 1024 * 1024;
    private static final String PATH = "[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*";

    private final JdbcClient jdbc;
    private final ContentSeal seal;
    private final Clock clock;
    private final Entitlements entitlements;

    SessionFiles(JdbcClient jdbc, ContentSeal seal, Clock clock, Entitlements entitlements) {
        this.entitlements = entitlements;
        this.jdbc = jdbc;
        this.seal = seal;
        this.clock = clock;
    }

    /** Each file's path and size in bytes, by path. */
    List<String> listing(ToolContext context) {
        return jdbc.sql("""
                        SELECT path || ' (' || size_bytes || ' bytes)' FROM session_files
                        WHERE workspace_id = :ws AND session_id = :session ORDER BY path""")
                .param("ws", context.workspace().id()).param("session", context.sessionId())
                .query(String.class).list();
    }

    Optional<String> read(ToolContext context, String path) {
        return jdbc.sql("""
                        SELECT content FROM session_files
                        WHERE workspace_id = :ws AND session_id = :session AND path = :path""")
                .param("ws", context.workspace().id()).param("session", context.sessionId()).param("path", path)
                .query((rs, n) -> rs.getBytes(1)).optional()
                .map(sealed -> seal.open(context.workspace(), context.person(), sealed, sealContext(context, path)));
    }

    /** Every file of the session, opened: what a sandboxed program may read. */
    Map<String, String> readAll(ToolContext context) {
        Map<String, String> files = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT path, content FROM session_files
                        WHERE workspace_id = :ws AND session_id = :session ORDER BY path""")
                .param("ws", context.workspace().id()).param("session", context.sessionId())
                .query((rs, n) -> files.put(rs.getString("path"), seal.open(context.workspace(), context.person(),
                        rs.getBytes("content"), sealContext(context, rs.getString("path")))))
                .list();
        return files;
    }

    /** Writes (or replaces) a file; refuses what breaks a limit. Returns the size written. */
    int write(ToolContext context, String path, String content) {
        int size = content.getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_FILE_BYTES) {
            throw new ToolFailed("A file may hold at most " + MAX_FILE_BYTES + " bytes.");
        }
        // The session's other files, and this path's current size (what a rewrite replaces), in one read.
        long[] sizes = jdbc.sql("""
                        SELECT COALESCE(sum(size_bytes) FILTER (WHERE path <> :path), 0),
                               COALESCE(sum(size_bytes) FILTER (WHERE path = :path), 0)
                        FROM session_files WHERE workspace_id = :ws AND session_id = :session""")
                .param("ws", context.workspace().id()).param("session", context.sessionId()).param("path", path)
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
        long others = sizes[0];
        long replaced = sizes[1];
        if (others + size > MAX_SESSION_BYTES) {
            throw new ToolFailed("The session's files may hold at most " + MAX_SESSION_BYTES + " bytes in all.");
        }
        try {
            entitlements.requireStorage(context.workspace(), size - replaced);
        } catch (CustosException e) {
            throw new ToolFailed(e.getMessage());
        }
        jdbc.sql("""
                INSERT INTO session_files (workspace_id, session_id, path, content, size_bytes, updated_at)
                VALUES (:ws, :session, :path, :content, :size, :now)
                ON CONFLICT (workspace_id, session_id, path) DO UPDATE
                    SET content = :content, size_bytes = :size, updated_at = :now""")
                .param("ws", context.workspace().id()).param("session", context.sessionId()).param("path", path)
                .param("content", seal.seal(context.workspace(), context.person(), content, sealContext(context, path)))
                .param("size", size).param("now", SqlTime.of(clock.instant())).update();
        return size;
    }

    /** A relative path of letters, digits, '.', '_', '-' and '/'; anything else is refused. */
    static String checkedPath(String path) {
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
