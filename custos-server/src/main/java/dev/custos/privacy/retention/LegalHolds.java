package dev.custos.privacy.retention;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.identity.Accounts;
import dev.custos.identity.Actor;
import dev.custos.platform.PersonId;
import dev.custos.platform.SqlTime;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.personaldata.MappedTable;
import dev.custos.platform.web.CustosException;
import dev.custos.privacy.DataMap;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Legal holds (RT-09): installation administrators suspend the deletion of the data a hold names — a
 * workspace's, a person's, or a person's in one workspace, for the tables it lists — and only that, until they
 * release it. Retention skips held rows; a person under a hold cannot be erased until it is released.
 */
@Service
public class LegalHolds {

    /** A hold as administrators see it. */
    public record Hold(UUID id, @Nullable UUID workspaceId, @Nullable UUID personId, List<String> tables,
                       String reason, UUID createdBy, Instant createdAt, @Nullable Instant releasedAt) {
    }

    private final JdbcClient jdbc;
    private final Accounts accounts;
    private final DataMap map;
    private final AuditLog audit;
    private final Clock clock;

    LegalHolds(JdbcClient jdbc, Accounts accounts, DataMap map, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.map = map;
        this.audit = audit;
        this.clock = clock;
    }

    public Hold place(Actor admin, @Nullable UUID workspace, @Nullable UUID person, List<String> tables,
                      String reason) {
        requireAdmin(admin);
        if (workspace == null && person == null) {
            throw CustosException.invalid("hold-too-wide", "A hold names a workspace, a person, or both.");
        }
        Set<String> known = map.tables().stream().map(MappedTable::name).collect(Collectors.toSet());
        if (tables.isEmpty() || !known.containsAll(tables)) {
            throw CustosException.invalid("unknown-tables", "tables must name tables of the data map, e.g. "
                    + "agent_sessions, session_events, usage_records.");
        }
        if (reason.isBlank()) {
            throw CustosException.invalid("reason-required", "Say why the data must be kept (the matter, the order).");
        }
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO legal_holds (hold_id, held_workspace_id, person_id, tables, reason, created_by, created_at)
                VALUES (:id, :w, :p, :tables, :reason, :by, :now)""")
                .param("id", id).param("w", workspace).param("p", person)
                .param("tables", tables.toArray(String[]::new)).param("reason", reason.strip())
                .param("by", admin.person().id()).param("now", SqlTime.of(clock.instant())).update();
        audit.record(AuditEvent.installation(admin.person(), "legal_hold.placed").on("legal_hold", id)
                .with("tables", String.join(",", tables)));
        return find(id);
    }

    public Hold release(Actor admin, UUID id) {
        requireAdmin(admin);
        int released = jdbc.sql("""
                        UPDATE legal_holds SET released_by = :by, released_at = :now
                        WHERE hold_id = :id AND released_at IS NULL""")
                .param("by", admin.person().id()).param("now", SqlTime.of(clock.instant())).param("id", id).update();
        if (released == 0) {
            throw CustosException.conflict("not-active", "No active hold has that id.");
        }
        audit.record(AuditEvent.installation(admin.person(), "legal_hold.released").on("legal_hold", id));
        return find(id);
    }

    public List<Hold> list(Actor admin) {
        requireAdmin(admin);
        return jdbc.sql("SELECT * FROM legal_holds ORDER BY created_at DESC").query((rs, n) -> hold(rs)).list();
    }

    /**
     * The standing holds that reach a person's data: those naming them, and those on a whole workspace (which
     * hold whatever of theirs is in it). An erasure spares exactly what these name.
     */
    public List<Hold> covering(PersonId person) {
        return jdbc.sql("""
                        SELECT * FROM legal_holds WHERE released_at IS NULL AND (person_id = :p OR person_id IS NULL)
                        ORDER BY created_at""")
                .param("p", person.id()).query((rs, n) -> hold(rs)).list();
    }

    /** Parts of a table a hold keeps with it: a session's events and files go with the session. */
    private static final Map<String, String> PART_OF = Map.of("session_events", "agent_sessions",
            "session_files", "agent_sessions");

    /**
     * SQL that is true for a row of {@code table} (aliased {@code alias}) a standing hold names: the table (or
     * what it is part of) is among the hold's, the hold is on the row's workspace or on none, and on the row's
     * person ({@code person}, an SQL expression) or on nobody in particular.
     *
     * @param table     an SQL expression giving the table's name (a parameter, or a quoted data-map name)
     * @param workspace whether the table has a workspace_id column
     * @param person    an SQL expression for the person the row is about, or null when it names nobody
     */
    public static String names(String table, String alias, boolean workspace, @Nullable String person) {
        String part = table.startsWith("'") ? PART_OF.get(table.substring(1, table.length() - 1)) : null;
        return "EXISTS (SELECT 1 FROM legal_holds h WHERE h.released_at IS NULL AND (" + table + " = ANY(h.tables)"
                + (part == null ? "" : " OR '" + part + "' = ANY(h.tables)") + ")"
                + " AND (h.held_workspace_id IS NULL" + (workspace ? " OR h.held_workspace_id = " + alias
                + ".workspace_id" : "") + ")"
                + " AND (h.person_id IS NULL" + (person == null ? "" : " OR h.person_id = " + person) + "))";
    }

    /** Whether a standing hold names this workspace (all of it, or some of its tables). */
    public boolean holds(WorkspaceId workspace) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM legal_holds WHERE released_at IS NULL AND held_workspace_id = :w)")
                .param("w", workspace.id()).query(Boolean.class).single();
    }

    private Hold find(UUID id) {
        return jdbc.sql("SELECT * FROM legal_holds WHERE hold_id = :id").param("id", id).query((rs, n) -> hold(rs))
                .single();
    }

    private static Hold hold(ResultSet rs) throws SQLException {
        return new Hold(rs.getObject("hold_id", UUID.class), rs.getObject("held_workspace_id", UUID.class),
                rs.getObject("person_id", UUID.class), List.of((String[]) rs.getArray("tables").getArray()),
                rs.getString("reason"), rs.getObject("created_by", UUID.class), SqlTime.instant(rs, "created_at"),
                SqlTime.instant(rs, "released_at"));
    }

    private void requireAdmin(Actor actor) {
        accounts.requireInstallationAdmin(actor, "Only installation administrators place and release legal holds.");
    }
}
