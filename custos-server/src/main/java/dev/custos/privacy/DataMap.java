package dev.custos.privacy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.Yaml;

/** The data map (privacy/datamap.yaml), read once: what each table holds, about whom, and how it is exported. */
@Component
public class DataMap {

    /** A column as the map classifies it. */
    /**
     * A column; {@code legalBasis} is its own when the map gives one (age confirmation is kept under a legal
     * obligation in a table otherwise kept for the contract), else null: the table's applies.
     */
    public record Column(String name, String category, boolean exported, String erasure,
                         @Nullable String legalBasis) {

        boolean sealed() {
            return erasure.equals("shred");
        }
    }

    /** A table of the main database; {@code subjectColumns} empty when its rows are about no person. */
    public record Table(String name, String subject, String purpose, String legalBasis, String retention,
                        List<String> subjectColumns, @Nullable String subjectJoin, List<Column> columns) {

        /** The legal basis a column is processed under: its own, or the table's. */
        public String legalBasisOf(Column column) {
            return column.legalBasis() != null ? column.legalBasis() : legalBasis;
        }

        /** Whether the table's rows belong to a workspace (it has a workspace_id column). */
        public boolean inWorkspace() {
            return columns.stream().anyMatch(column -> column.name().equals("workspace_id"));
        }

        public List<Column> exportedColumns() {
            return columns.stream().filter(Column::exported).toList();
        }

        /**
         * A query for the rows of this table about the person bound to {@code :subject}, the table aliased
         * {@code t}: {@code SELECT <select> FROM table t [join] WHERE t.col = :subject OR ...}.
         */
        String subjectRows(String select) {
            String where = subjectColumns.stream()
                    .map(column -> (column.contains(".") ? column : "t." + column) + " = :subject")
                    .collect(java.util.stream.Collectors.joining(" OR "));
            return "SELECT " + select + " FROM " + name + " t " + (subjectJoin == null ? "" : subjectJoin)
                    + " WHERE " + where;
        }
    }

    private final List<Table> tables;

    DataMap() {
        this.tables = load();
    }

    public List<Table> tables() {
        return tables;
    }

    /** The tables that hold rows about a person and have something to export. */
    public List<Table> personalTables() {
        return tables.stream().filter(table -> !table.subjectColumns().isEmpty())
                .filter(table -> !table.exportedColumns().isEmpty()).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Table> load() {
        try (InputStream in = DataMap.class.getResourceAsStream("/privacy/datamap.yaml")) {
            Map<String, Object> root = new Yaml().load(in);
            var entries = (Map<String, Map<String, Object>>) root.get("tables");
            List<Table> tables = new ArrayList<>();
            entries.forEach((name, entry) -> {
                List<Column> columns = new ArrayList<>();
                ((Map<String, Map<String, Object>>) entry.get("columns")).forEach((column, spec) ->
                        columns.add(new Column(column, String.valueOf(spec.get("category")),
                                Boolean.TRUE.equals(spec.get("export")), String.valueOf(spec.get("erasure")),
                                (String) spec.get("legal_basis"))));
                tables.add(new Table(name, String.valueOf(entry.get("subject")), String.valueOf(entry.get("purpose")),
                        String.valueOf(entry.get("legal_basis")), String.valueOf(entry.get("retention")),
                        List.copyOf((List<String>) entry.getOrDefault("subject_columns", List.of())),
                        (String) entry.get("subject_join"), List.copyOf(columns)));
            });
            return List.copyOf(tables);
        } catch (IOException e) {
            throw new UncheckedIOException("privacy/datamap.yaml cannot be read", e);
        }
    }

    static Map<String, Object> describe(Table table) {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("purpose", table.purpose());
        description.put("legalBasis", table.legalBasis());
        description.put("retention", table.retention());
        return description;
    }
}
