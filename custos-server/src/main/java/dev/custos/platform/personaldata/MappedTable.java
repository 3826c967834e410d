package dev.custos.platform.personaldata;

import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * A table as the data map describes it: what it holds, about whom, and what happens to each column. The privacy
 * engine reads it from the map; the module that owns the table carries the map's rules out ({@link OwnedTables}).
 * {@code subjectColumns} is empty when the table's rows are about no person. {@code collectedAt} is the column
 * that says when a row's data was collected (or last changed), null when the table has none: its rows then count
 * as collected now.
 */
public record MappedTable(String name, String subject, String purpose, String legalBasis, String retention,
                          List<String> subjectColumns, @Nullable String subjectJoin, List<MappedColumn> columns,
                          @Nullable String collectedAt) {

    /** The legal basis a column is processed under: its own, or the table's. */
    public String legalBasisOf(MappedColumn column) {
        return column.legalBasis() != null ? column.legalBasis() : legalBasis;
    }

    /** Whether the table's rows belong to a workspace (it has a workspace_id column). */
    public boolean inWorkspace() {
        return columns.stream().anyMatch(column -> column.name().equals("workspace_id"));
    }

    public List<MappedColumn> exportedColumns() {
        return columns.stream().filter(MappedColumn::exported).toList();
    }

    /** Whether erasing a person removes their rows whole: every column is deleted or shredded. */
    public boolean erasedWhole() {
        return columns.stream().allMatch(MappedColumn::goes);
    }

    /** The map's erasure rule for a column of this table, {@code keep} when the map names no such column. */
    public String erasureOf(String column) {
        return columns.stream().filter(c -> c.name().equals(column)).findFirst().map(MappedColumn::erasure)
                .orElse("keep");
    }

    /**
     * A query for the rows of this table about the person bound to {@code :subject}, the table aliased
     * {@code t}: {@code SELECT <select> FROM table t [join] WHERE t.col = :subject OR ...}.
     */
    public String subjectRows(String select) {
        String where = subjectColumns.stream()
                .map(column -> (column.contains(".") ? column : "t." + column) + " = :subject")
                .collect(Collectors.joining(" OR "));
        return "SELECT " + select + " FROM " + name + " t " + (subjectJoin == null ? "" : subjectJoin)
                + " WHERE (" + where + ")";
    }

    /** The same, limited to rows collected since {@code :since}. */
    public String subjectRowsSince(String select) {
        return subjectRows(select) + (collectedAt == null ? "" : " AND t." + collectedAt + " >= :since");
    }

    /**
     * A column as the map classifies it; {@code legalBasis} is its own when the map gives one (age confirmation
     * is kept under a legal obligation in a table otherwise kept for the contract), else null: the table's applies.
     */
    public record MappedColumn(String name, String category, boolean exported, String erasure,
                               @Nullable String legalBasis) {

        /** Whether the column is sealed content, unreadable once the keys it was sealed with are destroyed. */
        public boolean sealed() {
            return erasure.equals("shred");
        }

        /** Whether erasure removes the column's value with the row (deleted, or shredded with its keys). */
        public boolean goes() {
            return erasure.equals("delete") || erasure.equals("shred");
        }
    }
}
