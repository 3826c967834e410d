package dev.custos.privacy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.custos.platform.personaldata.MappedTable;
import dev.custos.platform.personaldata.MappedTable.MappedColumn;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.Yaml;

/** The data map (privacy/datamap.yaml), read once: what each table holds, about whom, and how it is exported. */
@Component
public class DataMap {

    /** A category of data about a person, in their words, with the CCPA category it falls under (DR-09). */
    public record Category(String code, String label, String ccpa) {
    }

    /**
     * Columns that say when a row was collected, in the order they are looked for when the map names none: the
     * last change where rows change, else when the row was made.
     */
    private static final List<String> COLLECTED_AT = List.of("updated_at", "created_at", "occurred_at",
            "received_at", "recorded_at", "requested_at", "accepted_at", "joined_at", "linked_at", "allowed_at",
            "added_at", "objected_at", "reviewed_at", "detected_at", "attempted_at", "at");

    private final List<MappedTable> tables;
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

    public List<MappedTable> tables() {
        return tables;
    }

    /** The tables that hold rows about a person and have something to export. */
    public List<MappedTable> personalTables() {
        return tables.stream().filter(table -> !table.subjectColumns().isEmpty())
                .filter(table -> !table.exportedColumns().isEmpty()).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<MappedTable> load() {
        try (InputStream in = DataMap.class.getResourceAsStream("/privacy/datamap.yaml")) {
            Map<String, Object> root = new Yaml().load(in);
            var entries = (Map<String, Map<String, Object>>) root.get("tables");
            List<MappedTable> tables = new ArrayList<>();
            entries.forEach((name, entry) -> {
                List<MappedColumn> columns = new ArrayList<>();
                ((Map<String, Map<String, Object>>) entry.get("columns")).forEach((column, spec) ->
                        columns.add(new MappedColumn(column, String.valueOf(spec.get("category")),
                                Boolean.TRUE.equals(spec.get("export")), String.valueOf(spec.get("erasure")),
                                (String) spec.get("legal_basis"))));
                Object declared = entry.get("collected_at");
                String collectedAt = declared != null ? (declared.equals("always") ? null : (String) declared)
                        : COLLECTED_AT.stream().filter(column -> columns.stream()
                                .anyMatch(c -> c.name().equals(column))).findFirst().orElse(null);
                tables.add(new MappedTable(name, String.valueOf(entry.get("subject")), String.valueOf(entry.get("purpose")),
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

    public static Map<String, Object> describe(MappedTable table) {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("purpose", table.purpose());
        description.put("legalBasis", table.legalBasis());
        description.put("retention", table.retention());
        return description;
    }
}
