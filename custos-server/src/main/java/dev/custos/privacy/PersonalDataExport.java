package dev.custos.privacy;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import dev.custos.platform.PersonId;
import dev.custos.platform.Tenancy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * A person's data as a zip: {@code custos-export.json} with every category, and one CSV per table. Driven by the
 * data map: every table with rows about a person contributes its exported columns, selected in the person's
 * data-subject scope (their rows in every workspace); sealed columns are opened by the module that sealed them.
 * Rows stream from the database into the zip; nothing is held whole in memory or written to disk.
 */
@Component
class PersonalDataExport {

    private final DataMap map;
    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final JsonMapper json;
    private final Clock clock;
    private final Map<String, SealedExport> openers;

    PersonalDataExport(DataMap map, JdbcClient jdbc, Tenancy tenancy, JsonMapper json, Clock clock,
                       List<SealedExport> openers) {
        this.map = map;
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.json = json;
        this.clock = clock;
        this.openers = openers.stream().collect(Collectors.toMap(o -> o.table() + "." + o.column(), o -> o));
    }

    void write(PersonId person, OutputStream out) {
        tenancy.asSubject(person, () -> {
            try (var zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
                zip.putNextEntry(new ZipEntry("custos-export.json"));
                writeJson(person, zip);
                zip.closeEntry();
                for (DataMap.Table table : map.personalTables()) {
                    zip.putNextEntry(new ZipEntry("csv/" + table.name() + ".csv"));
                    writeCsv(person, table, zip);
                    zip.closeEntry();
                }
                zip.finish();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        });
    }

    private void writeJson(PersonId person, OutputStream zip) {
        try (JsonGenerator out = json.createGenerator(new NonClosing(zip))) {
            out.writeStartObject();
            out.writeStringProperty("person", person.toString());
            out.writeStringProperty("generatedAt", clock.instant().toString());
            out.writeStringProperty("about", "Every piece of personal data Custos holds about this person, by table "
                    + "of its data map, with the purpose, legal basis and retention of each.");
            out.writeObjectPropertyStart("tables");
            for (DataMap.Table table : map.personalTables()) {
                out.writeObjectPropertyStart(table.name());
                DataMap.describe(table).forEach(out::writePOJOProperty);
                out.writeArrayPropertyStart("rows");
                rows(person, table, row -> out.writePOJO(row));
                out.writeEndArray();
                out.writeEndObject();
            }
            out.writeEndObject();
            out.writeEndObject();
        }
    }

    private void writeCsv(PersonId person, DataMap.Table table, OutputStream zip) throws IOException {
        var header = table.exportedColumns().stream().map(DataMap.Column::name).map(PersonalDataExport::csv)
                .collect(Collectors.joining(","));
        zip.write((header + "\r\n").getBytes(StandardCharsets.UTF_8));
        rows(person, table, row -> writeCsvLine(row.values(), json, zip));
    }

    /** Streams the person's rows of a table, exported columns only, sealed ones opened. */
    private void rows(PersonId person, DataMap.Table table, java.util.function.Consumer<Map<String, Object>> each) {
        jdbc.sql(table.subjectRows("t.*")).param("subject", person.id()).query(rs -> {
            Map<String, Object> all = row(rs, json);
            Map<String, Object> exported = new LinkedHashMap<>();
            for (DataMap.Column column : table.exportedColumns()) {
                SealedExport opener = openers.get(table.name() + "." + column.name());
                exported.put(column.name(), column.sealed()
                        ? (opener == null ? Map.of("sealed", true) : opener.open(person, all))
                        : all.get(column.name()));
            }
            each.accept(exported);
        });
    }

    /**
     * The categories of data held about the person (DR-09), from the tables that have rows about them, with
     * each category's purposes; read in their data-subject scope like the export.
     */
    Map<String, java.util.Set<String>> categories(PersonId person) {
        Map<String, java.util.Set<String>> categories = new java.util.TreeMap<>();
        tenancy.asSubject(person, () -> {
            for (DataMap.Table table : map.personalTables()) {
                boolean held = jdbc.sql("SELECT EXISTS (" + table.subjectRows("1") + ")")
                        .param("subject", person.id()).query(Boolean.class).single();
                if (held) {
                    table.exportedColumns().stream().map(DataMap.Column::category)
                            .filter(category -> category.startsWith("user."))
                            .forEach(category -> categories.computeIfAbsent(category, c -> new java.util.TreeSet<>())
                                    .add(table.purpose().replace('_', ' ')));
                }
            }
            return null;
        });
        return categories;
    }

    static Map<String, Object> row(ResultSet rs, JsonMapper json) throws SQLException {
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
    static void writeCsvLine(java.util.Collection<Object> values, JsonMapper json, OutputStream out) {
        String line = values.stream().map(value -> csv(value == null ? ""
                : value instanceof String text ? text : json.writeValueAsString(value)))
                .collect(Collectors.joining(","));
        try {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String csv(String value) {
        boolean quote = value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r");
        return quote ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }

    /** The zip entry stays open when the JSON generator closes. */
    static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
