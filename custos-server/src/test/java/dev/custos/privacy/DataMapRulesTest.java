package dev.custos.privacy;

import java.util.List;
import java.util.Set;
import dev.custos.platform.personaldata.MappedTable;
import dev.custos.platform.personaldata.MappedTable.MappedColumn;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The data map read as the privacy engine reads it, without a database: every table and column classified
 * with a basis, an erasure rule and a category the policy can publish; the rows of a person selected by their
 * own columns. (DataMapTest holds it against the live schema.)
 */
class DataMapRulesTest {

    private static final Set<String> BASES = Set.of("contract", "legitimate_interest", "consent", "legal_obligation");
    private static final Set<String> ERASURES = Set.of("delete", "null", "anonymize", "keep", "shred");

    private final DataMap map = new DataMap();

    @Test
    @Tag("GV-03")
    @DisplayName("every table has a purpose, a legal basis of the four and a retention; every column a category, "
            + "an erasure rule, and any basis of its own is one of the four")
    void everythingClassified() {
        assertThat(map.tables()).hasSizeGreaterThan(40);
        for (MappedTable table : map.tables()) {
            assertThat(table.legalBasis()).as(table.name()).isIn(BASES);
            assertThat(table.purpose()).as(table.name()).isNotBlank().isNotEqualTo("null");
            assertThat(table.retention()).as(table.name()).isNotBlank().isNotEqualTo("null");
            for (MappedColumn column : table.columns()) {
                String name = table.name() + "." + column.name();
                assertThat(column.erasure()).as(name).isIn(ERASURES);
                assertThat(column.category()).as(name).matches("[a-z_]+\\.[a-z_.]+");
                assertThat(table.legalBasisOf(column)).as(name).isIn(BASES);
            }
            assertThat(table.subjectColumns()).as(table.name() + ": subject columns are its own columns, or "
                    + "found through its join").allSatisfy(column -> assertThat(column.contains(".")
                    ? table.subjectJoin() != null
                    : table.columns().stream().anyMatch(c -> c.name().equals(column))).isTrue());
        }
    }

    @Test
    @Tag("DR-09")
    @DisplayName("every category of data about a person has words for them and a CCPA category; every table with "
            + "rows about a person says when they were collected, so 'the past 12 months' means something")
    void categoriesInWordsAndCollectionTimes() {
        for (MappedTable table : map.tables()) {
            for (MappedColumn column : table.columns()) {
                if (column.category().startsWith("user.")) {
                    DataMap.Category words = map.category(column.category());
                    assertThat(words.label()).as(column.category()).isNotEqualTo(column.category())
                            .doesNotContain("user.");
                    assertThat(words.ccpa()).as(column.category()).isNotEqualTo("Other");
                }
            }
            if (table.collectedAt() != null) {
                assertThat(table.columns()).as(table.name() + "'s collection time is one of its columns")
                        .anyMatch(column -> column.name().equals(table.collectedAt()));
            }
        }
        assertThat(table("people").collectedAt()).isEqualTo("updated_at");
        assertThat(table("breach_affected").collectedAt()).as("no time of its own: counts as now").isNull();
        assertThat(table("people").subjectRowsSince("1")).endsWith("AND t.updated_at >= :since");
    }

    @Test
    @Tag("GV-03")
    @DisplayName("a column's own legal basis wins over its table's; without one it is the table's")
    void columnBasisOverridesTheTable() {
        MappedTable people = table("people");
        MappedColumn ageConfirmed = column(people, "minimum_age_confirmed");
        assertThat(ageConfirmed.legalBasis()).isEqualTo("legal_obligation");
        assertThat(people.legalBasisOf(ageConfirmed)).isEqualTo("legal_obligation");
        MappedColumn email = column(people, "email");
        assertThat(email.legalBasis()).isNull();
        assertThat(people.legalBasisOf(email)).isEqualTo(people.legalBasis());
    }

    @Test
    @Tag("DR-01")
    @DisplayName("a person's rows are those any of the table's subject columns names, found through a join where "
            + "the map says; only tables with such columns and something to export are personal")
    void personalRows() {
        assertThat(table("workspace_invites").subjectRows("t.*")).isEqualTo(
                "SELECT t.* FROM workspace_invites t  WHERE (t.accepted_by = :subject OR t.invited_by = :subject)");
        MappedTable events = table("session_events");
        assertThat(events.subjectRows("1")).startsWith("SELECT 1 FROM session_events t " + events.subjectJoin())
                .endsWith("WHERE (s.person_id = :subject)");
        List<String> personal = map.personalTables().stream().map(MappedTable::name).toList();
        assertThat(personal).contains("people", "session_events", "passkeys").doesNotContain("legal_holds",
                "run_leases", "model_providers");
        assertThat(map.personalTables()).allSatisfy(table -> {
            assertThat(table.subjectColumns()).isNotEmpty();
            assertThat(table.exportedColumns()).isNotEmpty().allSatisfy(column -> assertThat(column.exported()).isTrue());
        });
        assertThat(DataMap.describe(table("people"))).containsOnlyKeys("purpose", "legalBasis", "retention");
    }

    private MappedTable table(String name) {
        return map.tables().stream().filter(table -> table.name().equals(name)).findFirst().orElseThrow();
    }

    private static MappedColumn column(MappedTable table, String name) {
        return table.columns().stream().filter(column -> column.name().equals(name)).findFirst().orElseThrow();
    }
}
