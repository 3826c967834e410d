package dev.custos.platform.personaldata;

import org.jspecify.annotations.Nullable;

/**
 * The rows a retention rule expires, as the table's owner defines them: the rows of {@code table} whose
 * {@code timeColumn} is before the cutoff and that meet {@code condition} (SQL over alias {@code t}, may be
 * empty). {@code personColumn} names whom a row is about, for legal holds on a person; {@code key} is the column
 * the owner needs back to take along what goes with the expired rows, null when nothing does.
 */
public record Expiry(RetentionRule rule, String table, String timeColumn, String condition,
                     @Nullable String personColumn, @Nullable String key) {

    /** The rows of this kind, aliased {@code alias}, that have expired by {@code :cutoff} (in workspace {@code :w}). */
    String expired(String alias, boolean inWorkspace) {
        return (inWorkspace ? alias + ".workspace_id = :w AND " : "") + alias + "." + timeColumn + " < :cutoff"
                + (condition.isEmpty() ? "" : " AND " + condition.replace("t.", alias + "."));
    }

    @Nullable String personColumn(String alias) {
        return personColumn == null ? null : alias + "." + personColumn;
    }
}
