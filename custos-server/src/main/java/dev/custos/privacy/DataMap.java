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

    /** A category of data about a person, in their words, with the CCPA category it falls under (DR-09). */
    public record Category(String code, String label, String ccpa) {
    }

    /**
     * A table of the main database; {@code subjectColumns} empty when its rows are about no person.
     * {@code collectedAt} is the column that says when a row's data was collected (or last changed), null when
     * the table has none: its rows then count as collected now.
     */
    public record Table(String name, String subject, String purpose, String legalBasis, String retention,
                        List<String> subjectColumns, @Nullable String subjectJoin, List<Column> columns,
                        @Nullable String collectedAt) {

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
                    + " WHERE (" + where + ")";
        }

        /** The same, limited to rows collected since {@code :since}. */
        String subjectRowsSince(String select) {
            return subjectRows(select) + (collectedAt == null ? "" : " AND t." + collectedAt + " >= :since");
        }
    }

    /**
     * Columns that say when a row was collected, in the order they are looked for when the map names none: the
     * last change where rows change, else when the row was made.
     */
    private static final List<String> COLLECTED_AT = List.of("updated_at", "created_at", "occurred_at",
            "received_at", "recorded_at", "requested_at", "accepted_at", "joined_at", "linked_at", "allowed_at",
            "added_at", "objected_at", "reviewed_at", "detected_at", "attempted_at", "at");

    private final List<Table> tables;
    private final Map<String, Category> categories;

    DataMap() {
        this.tables = load();
        this.categories = loadCategories();
    }

    /** The readable form of a category code; codes without one are shown as they are. */
    public Category category(String code) {
        return categories.getOrDefault(code, new Category(code, code, "Other"));
    }

    /** The categories that have words for people. */
    Map<String, Category> categories() {
        return categories;
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
                Object declared = entry.get("collected_at");
                String collectedAt = declared != null ? (declared.equals("always") ? null : (String) declared)
                        : COLLECTED_AT.stream().filter(column -> columns.stream()
                                .anyMatch(c -> c.name().equals(column))).findFirst().orElse(null);
                tables.add(new Table(name, String.valueOf(entry.get("subject")), String.valueOf(entry.get("purpose")),
                        String.valueOf(entry.get("legal_basis")), String.valueOf(entry.get("retention")),
                        List.copyOf((List<String>) entry.getOrDefault("subject_columns", List.of())),
                        (String) entry.get("subject_join"), List.copyOf(columns), collectedAt));
            });
            return List.copyOf(tables);
        } catch (IOException e) {
            throw new UncheckedIOException("privacy/datamap.yaml cannot be read", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Category> loadCategories() {
        try (InputStream in = DataMap.class.getResourceAsStream("/privacy/datamap.yaml")) {
            Map<String, Object> root = new Yaml().load(in);
            Map<String, Category> categories = new LinkedHashMap<>();
            ((Map<String, Map<String, String>>) root.getOrDefault("categories", Map.of())).forEach((code, words) ->
                    categories.put(code, new Category(code, words.get("label"), words.get("ccpa"))));
            return Map.copyOf(categories);
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
