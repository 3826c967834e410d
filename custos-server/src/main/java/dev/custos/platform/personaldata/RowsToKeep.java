package dev.custos.platform.personaldata;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The rows a privacy action must leave where they are (a legal hold names them, or an organisation controls
 * them), as the privacy engine words it: SQL true for a row of the table, with the parameters that SQL binds.
 */
public interface RowsToKeep {

    /**
     * SQL true for the row of {@code table} aliased {@code alias} when it must stay; {@code personColumn} is the
     * column (over the alias) naming the person the row is about, null when the table names none.
     */
    String where(String table, String alias, @Nullable String personColumn);

    /** The parameters {@link #where} binds. */
    Map<String, ?> params();
}
