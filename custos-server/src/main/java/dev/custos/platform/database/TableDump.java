package dev.custos.platform.database;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import dev.custos.platform.KeepOpen;
import org.postgresql.PGConnection;
import tools.jackson.databind.json.JsonMapper;

/**
 * A logical copy of one database: every row of every table of its schema, read in one snapshot with {@code COPY},
 * as a zip of {@code header.json} (the schema version and each table's columns), one {@code tables/<name>} entry of
 * COPY text per table, and {@code manifest.json} (the row counts, the sequences). Written back, it goes into a
 * database migrated to that same version, in one transaction: either all of it is there or none.
 *
 * <p>Runs as the database's owner, who must see every row: a superuser or a role with {@code BYPASSRLS} (with
 * {@code row_security} off, PostgreSQL refuses rather than silently leaving out rows a policy would hide).
 */
public final class TableDump {

    static final int FORMAT = 1;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One table as dumped: its name, the columns copied (not the generated ones) and how many rows. */
    public record Table(String name, List<String> columns, long rows) {
    }

    /** What a dump holds. */
    public record Contents(int format, String schemaVersion, Instant takenAt, List<Table> tables,
                           Map<String, Long> sequences) {

        public long rows() {
            return tables.stream().mapToLong(Table::rows).sum();
        }
    }

    /** A dump's first entry: what it needs before its rows can be loaded. */
    public record Header(int format, String schemaVersion, Instant takenAt, List<Table> tables) {
    }

    private TableDump() {
    }

    /**
     * Writes every table of the connection's schema but {@code leftOut} (and the migration history) to {@code out},
     * from one consistent snapshot.
     */
    public static Contents write(Connection owner, OutputStream out, String historyTable, Set<String> leftOut,
                                 Instant now) throws SQLException, IOException {
        return inTransaction(owner, statement -> {
            statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            statement.execute("SET LOCAL row_security = off");
            String version = DumpCatalog.schemaVersion(owner, historyTable);
            List<Table> tables = DumpCatalog.tables(owner, historyTable, leftOut);
            var zip = new ZipOutputStream(KeepOpen.output(out));
            zip.putNextEntry(new ZipEntry("header.json"));
            zip.write(JSON.writeValueAsBytes(new Header(FORMAT, version, now, tables)));
            zip.closeEntry();
            var copy = owner.unwrap(PGConnection.class).getCopyAPI();
            List<Table> counted = new ArrayList<>();
            for (Table table : tables) {
                zip.putNextEntry(new ZipEntry("tables/" + table.name()));
                long rows = copy.copyOut("COPY (SELECT " + DumpCatalog.columnList(table) + " FROM "
                        + DumpCatalog.quote(table.name()) + ") TO STDOUT", KeepOpen.output(zip));
                zip.closeEntry();
                counted.add(new Table(table.name(), table.columns(), rows));
            }
            Contents contents = new Contents(FORMAT, version, now, counted, DumpCatalog.sequences(owner));
            zip.putNextEntry(new ZipEntry("manifest.json"));
            zip.write(JSON.writeValueAsBytes(contents));
            zip.closeEntry();
            zip.finish();
            return contents;
        });
    }

    /**
     * Loads a dump into a database already migrated to its schema version, replacing whatever the migrations
     * put in those tables, in one transaction with triggers and foreign keys held off (the rows were consistent
     * when read); the row counts are checked against the manifest before anything commits.
     */
    public static Contents load(Connection owner, ZipInputStream dump, Header header) throws SQLException,
            IOException {
        return inTransaction(owner, statement -> {
            try {
                statement.execute("SET LOCAL session_replication_role = replica");
            } catch (SQLException e) {
                throw new IOException("The database's owner role may not hold triggers and foreign keys off while "
                        + "loading: restore as a superuser, or GRANT SET ON PARAMETER session_replication_role to it.");
            }
            statement.execute("SET LOCAL row_security = off");
            if (!header.tables().isEmpty()) {
                statement.execute("TRUNCATE " + String.join(", ", header.tables().stream()
                        .map(table -> DumpCatalog.quote(table.name())).toList()));
            }
            var copy = owner.unwrap(PGConnection.class).getCopyAPI();
            Map<String, Long> loaded = new LinkedHashMap<>();
            Map<String, Table> expected = new LinkedHashMap<>();
            header.tables().forEach(table -> expected.put("tables/" + table.name(), table));
            Contents contents = null;
            for (ZipEntry entry = dump.getNextEntry(); entry != null; entry = dump.getNextEntry()) {
                Table table = expected.get(entry.getName());
                if (table != null) {
                    loaded.put(table.name(), copy.copyIn("COPY " + DumpCatalog.quote(table.name()) + " ("
                            + DumpCatalog.columnList(table) + ") FROM STDIN", KeepOpen.input(dump)));
                } else if (entry.getName().equals("manifest.json")) {
                    contents = JSON.readValue(dump.readAllBytes(), Contents.class);
                }
            }
            if (contents == null) {
                throw new IOException("The backup ends before its manifest: it is cut short.");
            }
            for (Table table : contents.tables()) {
                if (loaded.getOrDefault(table.name(), -1L) != table.rows()) {
                    throw new IOException("The backup's table " + table.name() + " holds " + loaded.get(table.name())
                            + " rows where its manifest says " + table.rows() + ".");
                }
            }
            DumpCatalog.restoreSequences(owner, contents.sequences());
            return contents;
        });
    }

    private interface Work {
        Contents in(Statement statement) throws SQLException, IOException;
    }

    /** One transaction on the owner's connection: committed when the work returns, rolled back when it throws. */
    private static Contents inTransaction(Connection owner, Work work) throws SQLException, IOException {
        boolean autoCommit = owner.getAutoCommit();
        owner.setAutoCommit(false);
        try (Statement statement = owner.createStatement()) {
            Contents contents = work.in(statement);
            owner.commit();
            return contents;
        } catch (SQLException | IOException | RuntimeException e) {
            owner.rollback();
            throw e;
        } finally {
            owner.setAutoCommit(autoCommit);
        }
    }

    /** Reads the header, which must be the dump's first entry. */
    public static Header header(ZipInputStream dump) throws IOException {
        ZipEntry first = dump.getNextEntry();
        if (first == null || !first.getName().equals("header.json")) {
            throw new IOException("This is not a Custos backup (it does not begin with its header).");
        }
        Header header = JSON.readValue(dump.readAllBytes(), Header.class);
        if (header.format() != FORMAT) {
            throw new IOException("The backup's format " + header.format() + " is not one this version reads.");
        }
        return header;
    }
}
