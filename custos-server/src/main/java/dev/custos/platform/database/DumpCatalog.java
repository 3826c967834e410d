package dev.custos.platform.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What {@link TableDump} reads of PostgreSQL's catalog: the schema version, the tables and the sequences. */
final class DumpCatalog {

    private DumpCatalog() {
    }

    static String schemaVersion(Connection connection, String historyTable) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT version FROM " + quote(historyTable)
                + " WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1");
             ResultSet row = query.executeQuery()) {
            if (!row.next()) {
                throw new IllegalStateException("The database has no migration applied: there is nothing to back up.");
            }
            return row.getString(1);
        }
    }

    /**
     * The schema's tables (a partitioned table as a whole, not its partitions) with the columns a COPY carries:
     * all but generated ones, in their order.
     */
    static List<TableDump.Table> tables(Connection connection, String historyTable, Set<String> leftOut)
            throws SQLException {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT c.relname, a.attname
                  FROM pg_class c
                  JOIN pg_namespace n ON n.oid = c.relnamespace
                  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                 WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
                   AND a.attgenerated = ''
                 ORDER BY c.relname, a.attnum""");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                String table = rows.getString(1);
                if (!table.equals(historyTable) && !leftOut.contains(table)) {
                    columns.computeIfAbsent(table, name -> new ArrayList<>()).add(rows.getString(2));
                }
            }
        }
        List<TableDump.Table> tables = new ArrayList<>();
        columns.forEach((table, names) -> tables.add(new TableDump.Table(table, List.copyOf(names), -1)));
        return tables;
    }

    static Map<String, Long> sequences(Connection connection) throws SQLException {
        Map<String, Long> values = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT sequencename, last_value FROM pg_sequences
                 WHERE schemaname = current_schema() AND last_value IS NOT NULL ORDER BY sequencename""");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                values.put(rows.getString(1), rows.getLong(2));
            }
        }
        return values;
    }

    static void restoreSequences(Connection connection, Map<String, Long> values) throws SQLException {
        try (PreparedStatement set = connection.prepareStatement("SELECT setval(?::regclass, ?)")) {
            for (var value : values.entrySet()) {
                set.setString(1, quote(value.getKey()));
                set.setLong(2, value.getValue());
                set.execute();
            }
        }
    }

    static String columnList(TableDump.Table table) {
        return String.join(", ", table.columns().stream().map(DumpCatalog::quote).toList());
    }

    /** An identifier as PostgreSQL quotes it: the names come from the catalog, never from a request. */
    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
