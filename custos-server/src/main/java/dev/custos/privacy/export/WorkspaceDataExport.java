package dev.custos.privacy.export;

import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.platform.PersonId;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.personaldata.MappedTable;
import dev.custos.platform.personaldata.MappedTable.MappedColumn;
import dev.custos.privacy.DataMap;
import dev.custos.privacy.TableOwners;
import org.springframework.stereotype.Component;

/**
 * A whole workspace's data as a zip, for returning it to the customer (RT-07): {@code custos-workspace.json}
 * and one CSV per table, every table of the data map that holds workspace rows, sealed content opened. Secrets
 * (credential hashes, sealed provider keys) stay out.
 */
@Component
public class WorkspaceDataExport {

    private static final String SUBJECT = "custos_subject";

    private final DataMap map;
    private final TableOwners owners;
    private final Tenancy tenancy;
    private final ExportZip zip;

    WorkspaceDataExport(DataMap map, TableOwners owners, Tenancy tenancy, ExportZip zip) {
        this.map = map;
        this.owners = owners;
        this.tenancy = tenancy;
        this.zip = zip;
    }

    private List<MappedTable> tables() {
        return map.tables().stream()
                .filter(MappedTable::inWorkspace)
                .toList();
    }

    private static List<MappedColumn> returned(MappedTable table) {
        return table.columns().stream().filter(column -> !column.category().endsWith(".credential")
                && !column.category().equals("system.secret")).toList();
    }

    public void write(WorkspaceId workspace, OutputStream out) {
        tenancy.inWorkspace(workspace, null, () -> zip.write(out, "custos-workspace.json", Map.of(
                        "workspace", workspace.toString(), "about", "All of this workspace's data Custos holds, "
                                + "returned at the end of the contract: by table of its data map, with each table's "
                                + "purpose, legal basis and retention."),
                tables(), WorkspaceDataExport::returned, (table, each) ->
                        // Sealed content is opened with the key of the person it is about.
                        owners.of(table).readWorkspaceRows(table, workspace, SUBJECT, rs -> {
                            UUID person = rs.getObject(SUBJECT, UUID.class);
                            each.accept(zip.row(rs, table, returned(table),
                                    person == null ? null : new PersonId(person), false));
                        })));
    }
}
