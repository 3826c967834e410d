package dev.custos.privacy.export;

import java.io.OutputStream;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.custos.platform.PersonId;
import dev.custos.platform.Tenancy;
import dev.custos.platform.personaldata.MappedTable;
import dev.custos.platform.personaldata.MappedTable.MappedColumn;
import dev.custos.privacy.DataMap;
import dev.custos.privacy.TableOwners;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * A person's data as a zip: {@code custos-export.json} with every category, and one CSV per table. Driven by the
 * data map: every table with rows about a person contributes its exported columns, selected in the person's
 * data-subject scope (their rows in every workspace) by the table's owner; sealed columns are opened by the module
 * that sealed them.
 */
@Component
public class PersonalDataExport {

    private final DataMap map;
    private final TableOwners owners;
    private final Tenancy tenancy;
    private final ExportZip zip;

    PersonalDataExport(DataMap map, TableOwners owners, Tenancy tenancy, ExportZip zip) {
        this.map = map;
        this.owners = owners;
        this.tenancy = tenancy;
        this.zip = zip;
    }

    void write(PersonId person, OutputStream out) {
        tenancy.asSubject(person, () -> {
            zip.write(out, "custos-export.json", Map.of("person", person.toString(), "about", "Every piece of "
                            + "personal data Custos holds about this person, by table of its data map, with the "
                            + "purpose, legal basis and retention of each."),
                    map.personalTables(), MappedTable::exportedColumns,
                    (table, each) -> owners.of(table).readSubjectRows(table, person, rs ->
                            each.accept(zip.row(rs, table, table.exportedColumns(), person, true))));
            return null;
        });
    }

    /** A category of data about the person, in words, with why it is processed. */
    public record HeldCategory(String code, String label, String ccpaCategory, Set<String> purposes) {
    }

    /**
     * The categories of data about the person (DR-09) in the tables that have rows about them, collected since
     * {@code since} (all they hold now when null), with each category's purposes; read in their data-subject
     * scope like the export.
     */
    public List<HeldCategory> categories(PersonId person, @Nullable Instant since) {
        Map<String, Set<String>> purposes = new TreeMap<>();
        tenancy.asSubject(person, () -> {
            for (MappedTable table : map.personalTables()) {
                if (owners.of(table).holdsSubjectRows(table, person, since)) {
                    table.exportedColumns().stream().map(MappedColumn::category)
                            .filter(category -> category.startsWith("user."))
                            .forEach(category -> purposes.computeIfAbsent(category, c -> new TreeSet<>())
                                    .add(table.purpose().replace('_', ' ')));
                }
            }
            return null;
        });
        return purposes.entrySet().stream().map(entry -> {
            DataMap.Category category = map.category(entry.getKey());
            return new HeldCategory(category.code(), category.label(), category.ccpa(), entry.getValue());
        }).sorted(Comparator.comparing(HeldCategory::ccpaCategory).thenComparing(HeldCategory::label))
                .toList();
    }
}
