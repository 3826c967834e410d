package dev.custos.privacy.erasure;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.custos.platform.PersonId;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.personaldata.MappedTable;
import dev.custos.platform.personaldata.RowsToKeep;
import dev.custos.privacy.DataMap;
import dev.custos.privacy.TableOwners;
import dev.custos.privacy.retention.LegalHolds;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The last step of a person's erasure: their rows in every table of the data map, in their data-subject scope,
 * go as the map says (deleted, or the columns naming them set null or anonymized), each by the table's owning
 * module, in one transaction. What a standing legal hold names stays, and so does their content in workspaces
 * whose organisation controls it.
 */
@Component
class SubjectPurge {

    /** The tables of a person's sessions: in a customer's workspace, the customer's to keep or erase. */
    private static final Set<String> CUSTOMER_CONTENT = Set.of("agent_sessions", "session_events", "session_files");

    private final DataMap map;
    private final TableOwners owners;
    private final TransactionTemplate transactions;
    private final Tenancy tenancy;

    SubjectPurge(DataMap map, TableOwners owners, TransactionTemplate transactions, Tenancy tenancy) {
        this.map = map;
        this.owners = owners;
        this.transactions = transactions;
        this.tenancy = tenancy;
    }

    /**
     * Purges the person's rows, sparing their content in the {@code customers}' workspaces; returns the rows
     * changed by table.
     */
    Map<String, Integer> purge(PersonId person, Set<WorkspaceId> customers) {
        UUID[] kept = customers.stream().map(WorkspaceId::id).toArray(UUID[]::new);
        Map<String, Integer> purged = new LinkedHashMap<>();
        List<MappedTable> tables = new ArrayList<>(map.tables().stream()
                .filter(table -> !table.subjectColumns().isEmpty()).toList());
        // Rows found through another table go before it; the person's own row goes last.
        tables.sort(Comparator.comparingInt((MappedTable table) -> table.subjectJoin() != null ? 0
                : table.name().equals("people") ? 2 : 1));
        transactions.executeWithoutResult(status -> tenancy.asSubject(person, () -> {
            for (MappedTable table : tables) {
                int changed = owners.of(table).eraseSubject(table, person, spared(table, kept));
                if (changed > 0) {
                    purged.put(table.name(), changed);
                }
            }
            return null;
        }));
        return purged;
    }

    /**
     * The rows of the table this person's erasure must leave: a standing hold names them, or they are their
     * content in a workspace whose organisation controls it.
     */
    private static RowsToKeep spared(MappedTable mapped, UUID[] customers) {
        return new RowsToKeep() {
            @Override
            public String where(String table, String alias, @Nullable String personColumn) {
                String hold = LegalHolds.names("'" + table + "'", alias, mapped.inWorkspace(), ":subject");
                return CUSTOMER_CONTENT.contains(table)
                        ? "(" + hold + " OR " + alias + ".workspace_id = ANY(:customers))" : hold;
            }

            @Override
            public Map<String, ?> params() {
                return Map.of("customers", customers);
            }
        };
    }
}
