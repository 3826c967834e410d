package dev.custos.privacy.export;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import dev.custos.platform.KeepOpen;
import dev.custos.platform.PersonId;
import dev.custos.platform.personaldata.MappedTable;
import dev.custos.platform.personaldata.MappedTable.MappedColumn;
import dev.custos.privacy.DataMap;
import dev.custos.privacy.SealedExport;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * How Custos hands data back: a zip with one JSON document (every table of the data map with its purpose, legal
 * basis, retention and rows) and one CSV per table, written while it downloads — rows stream from the database
 * into the zip, nothing is held whole. Sealed columns are opened by the module that sealed them. The personal
 * export (DR-01, DR-02) and a workspace's return at the end of its contract (RT-07) both write through here.
 */
@Component
public class ExportZip {

    /** Streams the rows of one table, as the export's columns, to the consumer. */
    interface Rows extends BiConsumer<MappedTable, Consumer<Map<String, Object>>> {
    }

    private final JsonMapper json;
    private final Clock clock;
    private final Map<String, SealedExport> openers;

    ExportZip(JsonMapper json, Clock clock, List<SealedExport> openers) {
        this.json = json;
        this.clock = clock;
        this.openers = openers.stream().collect(Collectors.toMap(o -> o.table() + "." + o.column(), o -> o));
    }

    /**
     * Writes the zip: {@code document} is the JSON document's name, {@code about} its opening properties, and
     * {@code columns} says which columns of a table go out (their order is the CSV's).
     */
    void write(OutputStream out, String document, Map<String, String> about, List<MappedTable> tables,
               Function<MappedTable, List<MappedColumn>> columns, Rows rows) {
        try (var zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            zip.putNextEntry(new ZipEntry(document));
            try (JsonGenerator generator = json.createGenerator(KeepOpen.output(zip))) {
                generator.writeStartObject();
                about.forEach(generator::writeStringProperty);
                generator.writeStringProperty("generatedAt", clock.instant().toString());
                generator.writeObjectPropertyStart("tables");
                for (MappedTable table : tables) {
                    generator.writeObjectPropertyStart(table.name());
                    DataMap.describe(table).forEach(generator::writePOJOProperty);
                    generator.writeArrayPropertyStart("rows");
                    rows.accept(table, generator::writePOJO);
                    generator.writeEndArray();
                    generator.writeEndObject();
                }
                generator.writeEndObject();
                generator.writeEndObject();
            }
            zip.closeEntry();
            for (MappedTable table : tables) {
                zip.putNextEntry(new ZipEntry("csv/" + table.name() + ".csv"));
                writeCsvLine(columns.apply(table).stream().map(MappedColumn::name).map(Object.class::cast).toList(),
                        zip);
                rows.accept(table, row -> writeCsvLine(row.values(), zip));
                zip.closeEntry();
            }
            zip.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One row as it goes out: the named columns of a row read with {@code SELECT t.*}, sealed ones opened for
     * {@code subject} (the person whose key sealed them), or marked sealed when no one can open them.
     */
    Map<String, Object> row(ResultSet rs, MappedTable table, List<MappedColumn> columns,
                            @Nullable PersonId subject, boolean personal) throws SQLException {
        Map<String, Object> all = values(rs);
        Map<String, Object> row = new LinkedHashMap<>();
        for (MappedColumn column : columns) {
            SealedExport opener = openers.get(table.name() + "." + column.name());
            Object value = !column.sealed() ? all.get(column.name())
                    : opener == null || subject == null ? Map.of("sealed", true) : opener.open(subject, all);
            row.put(column.name(), personal && someoneElse(table, column, value, subject) ? ANOTHER_PERSON : value);
        }
        return row;
    }

    /**
     * Stands in, in a person's own export ({@code personal}), for the id of anyone else a row of theirs names (who
     * invited them, say). A workspace returned to its owner keeps everyone's ids: the data is the customer's.
     */
    public static final String ANOTHER_PERSON = "another person";

    /** Whether a value names a person other than the one whose export this is: theirs to know, not this one's. */
    private static boolean someoneElse(MappedTable table, MappedColumn column, @Nullable Object value,
                                       @Nullable PersonId subject) {
        return subject != null && value != null && table.subjectColumns().contains(column.name())
                && !value.equals(subject.id().toString());
    }

    private Map<String, Object> values(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            Object value = rs.getObject(i);
            String type = meta.getColumnTypeName(i);
            if (value instanceof OffsetDateTime time) {
                value = time.toInstant().toString();
            } else if (value instanceof Array array) {
                value = List.of((Object[]) array.getArray());
            } else if (type.equals("jsonb") || type.equals("json")) {
                value = json.readTree(String.valueOf(value));
            } else if (value instanceof byte[] bytes && !type.equals("bytea")) {
                value = Base64.getEncoder().encodeToString(bytes);
            } else if (value != null && !(value instanceof Number || value instanceof Boolean || value instanceof byte[])) {
                value = value.toString();
            }
            row.put(meta.getColumnName(i), value);
        }
        return row;
    }

    /** One CSV record: text as it is, anything structured as JSON, null as empty. */
    private void writeCsvLine(Collection<Object> values, OutputStream out) {
        String line = values.stream().map(value -> csv(value == null ? ""
                : value instanceof String text ? text : json.writeValueAsString(value)))
                .collect(Collectors.joining(","));
        try {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String csv(String value) {
        boolean quote = value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r");
        return quote ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}
