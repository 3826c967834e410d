package dev.custos.privacy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import dev.custos.platform.PersonId;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * A whole workspace's data as a zip, for returning it to the customer (RT-07): {@code custos-workspace.json}
 * and one CSV per table, every table of the data map that holds workspace rows, sealed content opened. Secrets
 * (credential hashes, sealed provider keys) stay out. Streamed like the personal export.
 */
@Component
class WorkspaceDataExport {

    private static final String SUBJECT = "custos_subject";

    private final DataMap map;
    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final JsonMapper json;
    private final Clock clock;
    private final Map<String, SealedExport> openers;

    WorkspaceDataExport(DataMap map, JdbcClient jdbc, Tenancy tenancy, JsonMapper json, Clock clock,
                        List<SealedExport> openers) {
        this.map = map;
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.json = json;
        this.clock = clock;
        this.openers = openers.stream().collect(Collectors.toMap(o -> o.table() + "." + o.column(), o -> o));
    }

    private List<DataMap.Table> tables() {
        return map.tables().stream()
                .filter(table -> table.columns().stream().anyMatch(column -> column.name().equals("workspace_id")))
                .toList();
    }

    private static List<DataMap.Column> returned(DataMap.Table table) {
        return table.columns().stream().filter(column -> !column.category().endsWith(".credential")
                && !column.category().equals("system.secret")).toList();
    }

    void write(WorkspaceId workspace, OutputStream out) {
        tenancy.inWorkspace(workspace, null, () -> {
            try (var zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
                zip.putNextEntry(new ZipEntry("custos-workspace.json"));
                writeJson(workspace, zip);
                zip.closeEntry();
                for (DataMap.Table table : tables()) {
                    zip.putNextEntry(new ZipEntry("csv/" + table.name() + ".csv"));
                    zip.write((returned(table).stream().map(DataMap.Column::name).map(PersonalDataExport::csv)
                            .collect(Collectors.joining(",")) + "\r\n").getBytes(StandardCharsets.UTF_8));
                    rows(workspace, table, row -> PersonalDataExport.writeCsvLine(row.values(), json, zip));
                    zip.closeEntry();
                }
                zip.finish();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private void writeJson(WorkspaceId workspace, OutputStream zip) {
        try (JsonGenerator out = json.createGenerator(new PersonalDataExport.NonClosing(zip))) {
            out.writeStartObject();
            out.writeStringProperty("workspace", workspace.toString());
            out.writeStringProperty("generatedAt", clock.instant().toString());
            out.writeStringProperty("about", "All of this workspace's data Custos holds, returned at the end of the "
                    + "contract: by table of its data map, with each table's purpose, legal basis and retention.");
            out.writeObjectPropertyStart("tables");
            for (DataMap.Table table : tables()) {
                out.writeObjectPropertyStart(table.name());
                DataMap.describe(table).forEach(out::writePOJOProperty);
                out.writeArrayPropertyStart("rows");
                rows(workspace, table, out::writePOJO);
                out.writeEndArray();
                out.writeEndObject();
            }
            out.writeEndObject();
            out.writeEndObject();
        }
    }

    /** Streams the workspace's rows of a table, secrets left out, sealed columns opened by their module. */
    private void rows(WorkspaceId workspace, DataMap.Table table, Consumer<Map<String, Object>> each) {
        String subject = table.subjectColumns().isEmpty() ? "NULL::uuid" : table.subjectColumns().getFirst()
                .contains(".") ? table.subjectColumns().getFirst() : "t." + table.subjectColumns().getFirst();
        jdbc.sql("SELECT t.*, " + subject + " AS " + SUBJECT + " FROM " + table.name() + " t "
                        + (table.subjectJoin() == null ? "" : table.subjectJoin()) + " WHERE t.workspace_id = :w")
                .param("w", workspace.id()).query(rs -> {
                    Map<String, Object> all = PersonalDataExport.row(rs, json);
                    Object person = all.get(SUBJECT);
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (DataMap.Column column : returned(table)) {
                        SealedExport opener = openers.get(table.name() + "." + column.name());
                        row.put(column.name(), !column.sealed() ? all.get(column.name())
                                : opener == null || person == null ? Map.of("sealed", true)
                                : opener.open(new PersonId(UUID.fromString(person.toString())), all));
                    }
                    each.accept(row);
                });
    }
}
