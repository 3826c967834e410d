package dev.custos.privacy.erasure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.keys.ContentSeal;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.personaldata.MappedTable;
import dev.custos.privacy.DataMap;
import dev.custos.privacy.TableOwners;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes a whole workspace: every workspace table's rows, by the table's owner, children before parents, in one
 * transaction, except
 * what the law keeps (tables whose legal basis is a legal obligation: its audit chain, billing transactions,
 * the record of its closure); then its keys, so anything copied before is unreadable too.
 */
@Component
public class WorkspaceDeletion {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Tenancy tenancy;
    private final DataMap map;
    private final AuditLog audit;
    private final ContentSeal seal;
    private final TableOwners owners;

    WorkspaceDeletion(JdbcClient jdbc, TransactionTemplate transactions, Tenancy tenancy, DataMap map,
                      AuditLog audit, ContentSeal seal, TableOwners owners) {
        this.owners = owners;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.tenancy = tenancy;
        this.map = map;
        this.audit = audit;
        this.seal = seal;
    }

    /** Deletes the workspace; {@code reason} goes into its audit chain's last entry. */
    public void delete(WorkspaceId workspace, String reason) {
        List<MappedTable> order = deletionOrder(map.tables().stream()
                .filter(MappedTable::inWorkspace)
                .filter(table -> !table.legalBasis().equals("legal_obligation"))
                .toList());
        transactions.executeWithoutResult(status -> tenancy.inWorkspace(workspace, null, () -> {
            for (MappedTable table : order) {
                owners.of(table).deleteWorkspaceRows(table, workspace);
            }
            audit.record(new AuditEvent(workspace, AuditEvent.ActorKind.SYSTEM, null, "workspace.deleted",
                    "workspace:" + workspace, AuditEvent.Outcome.SUCCESS, Map.of("reason", reason)));
        }));
        seal.shredWorkspace(workspace);
    }

    /** Tables ordered so that every table comes before the tables its foreign keys point to. */
    private List<MappedTable> deletionOrder(List<MappedTable> tables) {
        List<Map.Entry<String, String>> references = jdbc.sql("""
                        SELECT c.conrelid::regclass::text, c.confrelid::regclass::text FROM pg_constraint c
                        WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace""")
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2))).list();
        List<MappedTable> remaining = new ArrayList<>(tables);
        List<MappedTable> order = new ArrayList<>();
        while (!remaining.isEmpty()) {
            MappedTable next = remaining.stream()
                    .filter(candidate -> references.stream().noneMatch(ref -> ref.getValue().equals(candidate.name())
                            && !ref.getKey().equals(candidate.name()) && remaining.stream()
                            .anyMatch(table -> table.name().equals(ref.getKey()))))
                    .findFirst().orElse(remaining.getFirst());
            order.add(next);
            remaining.remove(next);
        }
        return order;
    }
}
