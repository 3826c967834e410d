package dev.custos.platform.personaldata;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.custos.platform.PersonId;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A module's tables of personal data, which only that module writes. The privacy engine drives every privacy
 * action (a person's erasure and export, a workspace's deletion and return, retention) from the data map, the
 * one source of what happens to each column, and hands each table's part to the table's owner, which carries it
 * out here: in the caller's transaction and tenancy scope, refusing any table it does not own, and adding what
 * only it knows (which rows expire, what goes with them). Each module with tables has one subclass, listing them.
 */
public abstract class OwnedTables {

    /** Stands in for an erased person wherever a column is anonymized. */
    public static final UUID ERASED_PERSON = UUID.fromString("00000000-0000-0000-0000-0000000e7a5e");

    private static final int BATCH = 5_000;

    protected final JdbcClient jdbc;
    protected final Tenancy tenancy;
    private final Set<String> tables;
    private final Map<RetentionRule, Expiry> expiries;

    protected OwnedTables(JdbcClient jdbc, Tenancy tenancy, Set<String> tables, List<Expiry> expiries) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.tables = Set.copyOf(tables);
        this.expiries = expiries.stream().collect(Collectors.toUnmodifiableMap(Expiry::rule, Function.identity()));
        expiries.forEach(expiry -> requireOwned(expiry.table()));
    }

    /** The tables this module owns, by the names the data map knows them. */
    public final Set<String> tables() {
        return tables;
    }

    /** The retention rules this module's tables carry out. */
    public final Set<RetentionRule> expiries() {
        return expiries.keySet();
    }

    // ---- A person's erasure (DR-04) ----------------------------------------------------------------------------

    /**
     * Erases the person's rows of the table, in their data-subject scope, but those {@code keep} names: rows whose
     * every column goes are deleted; otherwise the columns naming the person are set null or anonymized (or kept),
     * as mapped. Returns the rows changed.
     */
    public final int eraseSubject(MappedTable table, PersonId person, RowsToKeep keep) {
        requireOwned(table.name());
        return table.erasedWhole() ? deleteSubjectRows(table, person, keep) : clearSubjectColumns(table, person, keep);
    }

    private int deleteSubjectRows(MappedTable table, PersonId person, RowsToKeep keep) {
        return jdbc.sql("DELETE FROM " + table.name() + " WHERE ctid IN (SELECT t.place FROM ("
                        + table.subjectRows("t.ctid AS place, t.*") + ") t WHERE NOT "
                        + keep.where(table.name(), "t", null) + ")")
                .param("subject", person.id()).params(keep.params()).update();
    }

    private int clearSubjectColumns(MappedTable table, PersonId person, RowsToKeep keep) {
        int changed = 0;
        for (String column : table.subjectColumns()) {
            if (column.contains(".")) {
                continue; // found through another table: that table's own rule applies
            }
            String value = switch (table.erasureOf(column)) {
                case "null" -> "NULL";
                case "anonymize" -> "'" + ERASED_PERSON + "'";
                default -> null;
            };
            if (value == null) {
                continue;
            }
            String update = "UPDATE " + table.name() + " SET " + column + " = " + value + " WHERE " + column
                    + " = :subject AND NOT " + keep.where(table.name(), table.name(), null);
            if (!table.inWorkspace()) {
                changed += jdbc.sql(update).param("subject", person.id()).params(keep.params()).update();
                continue;
            }
            // A row that stops naming the person leaves their scope: change it in its workspace's context.
            List<UUID> inWorkspaces = jdbc.sql("SELECT DISTINCT workspace_id FROM " + table.name() + " WHERE "
                    + column + " = :subject").param("subject", person.id()).query(UUID.class).list();
            for (UUID workspace : inWorkspaces) {
                changed += tenancy.inWorkspace(new WorkspaceId(workspace), null, () -> jdbc.sql(update
                        + " AND workspace_id = :w").param("subject", person.id()).param("w", workspace)
                        .params(keep.params()).update());
            }
        }
        return changed;
    }

    // ---- Exports (DR-02, RT-07) --------------------------------------------------------------------------------

    /** Reads the person's rows of the table, in their data-subject scope. */
    public final void readSubjectRows(MappedTable table, PersonId person, RowCallbackHandler each) {
        requireOwned(table.name());
        jdbc.sql(table.subjectRows("t.*")).param("subject", person.id()).query(each);
    }

    /** Whether the table holds rows about the person, collected since {@code since} (at all when null). */
    public final boolean holdsSubjectRows(MappedTable table, PersonId person, @Nullable Instant since) {
        requireOwned(table.name());
        return jdbc.sql("SELECT EXISTS (" + (since == null ? table.subjectRows("1") : table.subjectRowsSince("1"))
                        + ")")
                .param("subject", person.id()).param("since", SqlTime.of(since)).query(Boolean.class).single();
    }

    /**
     * Reads a workspace's rows of the table, each with the person it is about (by the map's first subject
     * column) as {@code subjectAs}, null for rows about no one.
     */
    public final void readWorkspaceRows(MappedTable table, WorkspaceId workspace, String subjectAs,
                                        RowCallbackHandler each) {
        requireOwned(table.name());
        String subject = table.subjectColumns().isEmpty() ? "NULL::uuid"
                : table.subjectColumns().getFirst().contains(".") ? table.subjectColumns().getFirst()
                : "t." + table.subjectColumns().getFirst();
        jdbc.sql("SELECT t.*, " + subject + " AS " + subjectAs + " FROM " + table.name() + " t "
                        + (table.subjectJoin() == null ? "" : table.subjectJoin()) + " WHERE t.workspace_id = :w")
                .param("w", workspace.id()).query(each);
    }

    // ---- A workspace's deletion (RT-07) ------------------------------------------------------------------------

    /** Deletes every row the workspace has in the table. */
    public final int deleteWorkspaceRows(MappedTable table, WorkspaceId workspace) {
        requireOwned(table.name());
        return jdbc.sql("DELETE FROM " + table.name() + " WHERE workspace_id = :w").param("w", workspace.id())
                .update();
    }

    // ---- Retention (RT-04) -------------------------------------------------------------------------------------

    /** What one expiry did in a workspace: rows deleted, and expired rows a hold kept. */
    public record Expired(String table, int deleted, int held) {
    }

    /**
     * Deletes a workspace's rows the rule covers that expired by {@code cutoff}, in batches of their own
     * transactions (a large purge never holds locks for long), sparing what {@code keep} names.
     */
    public final Expired expire(RetentionRule rule, WorkspaceId workspace, Instant cutoff, RowsToKeep keep) {
        Expiry expiry = expiry(rule);
        String kept = keep.where(expiry.table(), "t", expiry.personColumn("t"));
        int held = tenancy.inWorkspace(workspace, null, () -> jdbc.sql("SELECT count(*) FROM " + expiry.table()
                        + " t WHERE " + expiry.expired("t", true) + " AND " + kept)
                .param("w", workspace.id()).param("cutoff", SqlTime.of(cutoff)).params(keep.params())
                .query(Integer.class).single());
        int deleted = 0;
        while (true) {
            int batch = tenancy.inWorkspace(workspace, null, () -> {
                // A row is named by its partition and its place in it (a ctid alone repeats across partitions);
                // the expiry conditions on d let PostgreSQL visit only partitions that can hold expired rows.
                String delete = "DELETE FROM " + expiry.table() + " d USING (SELECT t.tableoid AS part, t.ctid AS "
                        + "place FROM " + expiry.table() + " t WHERE " + expiry.expired("t", true) + " AND NOT "
                        + kept + " LIMIT " + BATCH + ") s WHERE d.tableoid = s.part AND d.ctid = s.place AND "
                        + expiry.expired("d", true);
                var statement = jdbc.sql(delete + (expiry.key() == null ? "" : " RETURNING d." + expiry.key()))
                        .param("w", workspace.id()).param("cutoff", SqlTime.of(cutoff)).params(keep.params());
                if (expiry.key() == null) {
                    return statement.update();
                }
                List<Object> gone = new ArrayList<>(statement.query((rs, n) -> rs.getObject(1)).list());
                expired(expiry, workspace, gone);
                return gone.size();
            });
            deleted += batch;
            if (batch < BATCH) {
                return new Expired(expiry.table(), deleted, held);
            }
        }
    }

    /** Deletes the rows the rule covers that expired by {@code cutoff}, in a table of no workspace, in batches. */
    public final Expired expireEverywhere(RetentionRule rule, Instant cutoff) {
        Expiry expiry = expiry(rule);
        int deleted = 0;
        while (true) {
            int batch = jdbc.sql("DELETE FROM " + expiry.table() + " WHERE ctid IN (SELECT ctid FROM "
                            + expiry.table() + " t WHERE " + expiry.expired("t", false) + " LIMIT " + BATCH + ")")
                    .param("cutoff", SqlTime.of(cutoff)).update();
            deleted += batch;
            if (batch < BATCH) {
                return new Expired(expiry.table(), deleted, 0);
            }
        }
    }

    /**
     * Takes along what goes with a batch of expired rows (their {@link Expiry#key()} values), in the batch's
     * transaction. Owners whose expiries name a key override it.
     */
    protected void expired(Expiry expiry, WorkspaceId workspace, List<Object> keys) {
        throw new IllegalStateException(getClass().getSimpleName() + " names a key for " + expiry.rule()
                + " but takes nothing along");
    }

    private Expiry expiry(RetentionRule rule) {
        Expiry expiry = expiries.get(rule);
        if (expiry == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " carries out no rule " + rule);
        }
        return expiry;
    }

    private void requireOwned(String table) {
        if (!tables.contains(table)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " does not own table " + table);
        }
    }
}
