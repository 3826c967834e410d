package dev.custos.privacy;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/** The data map is code: it must classify exactly the columns the live schema has, each completely. */
class DataMapTest extends CustosIntegrationTest {

    private static final Set<String> LEGAL_BASES = Set.of("contract", "legitimate_interest", "consent",
            "legal_obligation");
    private static final Set<String> ERASURES = Set.of("delete", "null", "anonymize", "keep", "shred");

    /** The main database's tables, or with {@code section = "key_store"} the key store's. */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> tables(String section) throws Exception {
        try (InputStream in = DataMapTest.class.getResourceAsStream("/privacy/datamap.yaml")) {
            Map<String, Object> root = new Yaml().load(in);
            return (Map<String, Map<String, Object>>) root.get(section);
        }
    }

    private static Map<String, Map<String, Object>> tables() throws Exception {
        var all = new java.util.LinkedHashMap<>(tables("tables"));
        all.putAll(tables("key_store"));
        return all;
    }

    private static Set<String> columns(org.springframework.jdbc.core.simple.JdbcClient jdbc) {
        return new TreeSet<>(jdbc.sql("""
                SELECT table_name || '.' || column_name FROM information_schema.columns
                WHERE table_schema = 'public'
                  AND table_name NOT IN (SELECT relname FROM pg_class WHERE relispartition)""").query(String.class).list());
    }

    private static Set<String> mapped(Map<String, Map<String, Object>> tables) {
        Set<String> mapped = new TreeSet<>();
        tables.forEach((table, entry) -> ((Map<?, ?>) entry.get("columns")).keySet()
                .forEach(column -> mapped.add(table + "." + column)));
        return mapped;
    }

    @Test
    @DisplayName("the key store's tables are mapped too, and no key table is left in the main database")
    void keyStoreMatches() throws Exception {
        assertThat(columns(asKeyStoreOwner()))
                .isEqualTo(mapped(tables("key_store")));
        assertThat(columns(asOwner())).noneMatch(column -> column.startsWith("data_keys.")
                || column.startsWith("subject_keys."));
    }

    @Test
    @DisplayName("every column of every table is in the data map, and the map names no column that is gone")
    void mapMatchesSchema() throws Exception {
        Set<String> live = columns(asOwner());
        Set<String> mapped = mapped(tables("tables"));
        Set<String> unclassified = new TreeSet<>(live);
        unclassified.removeAll(mapped);
        Set<String> stale = new TreeSet<>(mapped);
        stale.removeAll(live);
        assertThat(unclassified).as("columns missing from privacy/datamap.yaml").isEmpty();
        assertThat(stale).as("columns in privacy/datamap.yaml the schema no longer has").isEmpty();
    }

    @Test
    @DisplayName("each table says whose data it is, why, on what legal basis and how long; each column how it is "
            + "exported and erased")
    @SuppressWarnings("unchecked")
    void everyEntryIsComplete() throws Exception {
        List<String> problems = new ArrayList<>();
        tables().forEach((table, entry) -> {
            for (String key : List.of("subject", "purpose", "legal_basis", "retention")) {
                if (!(entry.get(key) instanceof String value) || value.isBlank()) {
                    problems.add(table + ": no " + key);
                }
            }
            if (!LEGAL_BASES.contains(String.valueOf(entry.get("legal_basis")))) {
                problems.add(table + ": unknown legal basis " + entry.get("legal_basis"));
            }
            ((Map<String, Map<String, Object>>) entry.get("columns")).forEach((column, spec) -> {
                String name = table + "." + column;
                if (!(spec.get("category") instanceof String category) || !category.contains(".")) {
                    problems.add(name + ": category must be dotted, like user.contact.email");
                }
                if (!(spec.get("export") instanceof Boolean)) {
                    problems.add(name + ": export must be true or false");
                }
                if (!ERASURES.contains(String.valueOf(spec.get("erasure")))) {
                    problems.add(name + ": erasure must be one of " + ERASURES);
                }
                if (spec.containsKey("legal_basis") && !LEGAL_BASES.contains(String.valueOf(spec.get("legal_basis")))) {
                    problems.add(name + ": unknown legal basis");
                }
            });
        });
        assertThat(problems).isEmpty();
    }
}
