package dev.custos.relocation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;

import dev.custos.platform.WorkspaceId;
import dev.custos.platform.personaldata.MappedTable;
import dev.custos.privacy.DataMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A workspace's rows, table by table, as they leave one installation and arrive in another: read and written as
 * JSON, one row a line, by the application's role inside the workspace's tenant context, so row-level security
 * lets a package neither read nor write any other workspace's rows whatever it says. Rows are copied as they
 * were, as a restore copies them: no module's rules apply to them on the way, which is why the tables' owners are
 * not asked.
 */
@Component
class WorkspaceRows {

    /** Rows a statement inserts at most: enough to be quick, few enough to keep memory small. */
    private static final int BATCH = 500;
    /** The vault's secrets travel re-sealed, with the keys ({@code WorkspaceKeyTransfer}), never as rows. */
    private static final Set<String> RESEALED = Set.of("vault_secrets");

    /** A table that moves: its name and the columns written (generated ones are made again). */
    record MovingTable(String name, List<String> columns) {
    }

    /**
     * What moves, parents before the tables that refer to them, and what stays: a table that refers to one
     * outside the workspace (a provider the installation registered, say) means nothing in another installation.
     */
    record Plan(List<MovingTable> moving, List<String> leftBehind) {
    }

    private final JdbcClient jdbc;
    private final DataMap map;

    WorkspaceRows(JdbcClient jdbc, DataMap map) {
        this.jdbc = jdbc;
        this.map = map;
    }

    Plan plan() {
        Set<String> candidates = new TreeSet<>(map.tables().stream().filter(MappedTable::inWorkspace)
                .map(MappedTable::name).filter(name -> !RESEALED.contains(name)).toList());
        List<Map.Entry<String, String>> references = jdbc.sql("""
                        SELECT c.conrelid::regclass::text, c.confrelid::regclass::text FROM pg_constraint c
                        WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace""")
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2))).list();
        List<String> leftBehind = new ArrayList<>();
        boolean changed = true;
        while (changed) { // a table that refers to one left behind is left behind too
            changed = false;
            for (var reference : references) {
                if (candidates.contains(reference.getKey()) && !candidates.contains(reference.getValue())) {
                    candidates.remove(reference.getKey());
                    leftBehind.add(reference.getKey());
                    changed = true;
                }
            }
        }
        List<MovingTable> ordered = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        while (placed.size() < candidates.size()) {
            int before = placed.size();
            for (String table : candidates) {
                boolean parentsPlaced = references.stream().filter(ref -> ref.getKey().equals(table))
                        .map(Map.Entry::getValue).allMatch(parent -> parent.equals(table) || placed.contains(parent));
                if (!placed.contains(table) && parentsPlaced) {
                    ordered.add(new MovingTable(table, columns(table)));
                    placed.add(table);
                }
            }
            if (placed.size() == before) {
                throw new IllegalStateException("The workspace tables' foreign keys form a cycle");
            }
        }
        leftBehind.sort(null);
        return new Plan(List.copyOf(ordered), List.copyOf(leftBehind));
    }

    /** How many rows of each table the workspace has, in the caller's transaction and tenant context. */
    Map<String, Long> counts(WorkspaceId workspace, List<MovingTable> tables) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (MovingTable table : tables) {
            counts.put(table.name(), jdbc.sql("SELECT count(*) FROM " + quote(table.name())
                    + " WHERE workspace_id = :w").param("w", workspace.id()).query(Long.class).single());
        }
        return counts;
    }

    /** Writes the workspace's rows of a table to {@code out}, a line of JSON each; returns how many. */
    long write(WorkspaceId workspace, MovingTable table, OutputStream out) {
        long[] rows = {0};
        jdbc.sql("SELECT row_to_json(t)::text FROM " + quote(table.name()) + " t WHERE workspace_id = :w")
                .param("w", workspace.id()).query(rs -> {
                    try {
                        out.write(rs.getString(1).getBytes(StandardCharsets.UTF_8));
                        out.write('\n');
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    rows[0]++;
                });
        return rows[0];
    }

    /** Inserts the rows {@link #write} wrote, in the caller's transaction and tenant context; returns how many. */
    long insert(MovingTable table, BufferedReader lines) throws IOException {
        String columns = columnList(table);
        String insert = "INSERT INTO " + quote(table.name()) + " (" + columns + ") SELECT " + columns
                + " FROM json_populate_recordset(NULL::" + quote(table.name()) + ", CAST(:rows AS json))";
        long inserted = 0;
        List<String> batch = new ArrayList<>(BATCH);
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (!line.isBlank()) {
                batch.add(line);
            }
            if (batch.size() == BATCH) {
                inserted += jdbc.sql(insert).param("rows", "[" + String.join(",", batch) + "]").update();
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            inserted += jdbc.sql(insert).param("rows", "[" + String.join(",", batch) + "]").update();
        }
        return inserted;
    }

    private List<String> columns(String table) {
        return jdbc.sql("""
                        SELECT a.attname FROM pg_attribute a
                        WHERE a.attrelid = CAST(:t AS regclass) AND a.attnum > 0 AND NOT a.attisdropped
                          AND a.attgenerated = '' ORDER BY a.attnum""")
                .param("t", quote(table)).query(String.class).list();
    }

    private static String columnList(MovingTable table) {
        StringJoiner joined = new StringJoiner(", ");
        table.columns().forEach(column -> joined.add(quote(column)));
        return joined.toString();
    }

    /** An identifier as PostgreSQL quotes it: the names come from the data map and the catalog, never a package. */
    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
