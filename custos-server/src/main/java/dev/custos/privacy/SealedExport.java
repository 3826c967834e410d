package dev.custos.privacy;

import java.util.Map;

import dev.custos.platform.PersonId;

/**
 * Opens a sealed column for a person's export. The module that sealed the content knows how (which key, which
 * context); the data map says which columns are sealed ({@code erasure: shred}).
 */
public interface SealedExport {

    String table();

    String column();

    /**
     * The content of one row's sealed column, readable (text, or a map for structured content), or a marker
     * such as {@code {"erased": true}} when it can no longer be opened.
     *
     * @param row every column of the row, by name
     */
    Object open(PersonId subject, Map<String, Object> row);
}
