/**
 * Exports in JSON and CSV: a person's data (DR-02) and a whole workspace's (RT-07), driven by the data map and read
 * by each table's owner, sealed content opened by the module that sealed it.
 */
@NullMarked
package dev.custos.privacy.export;

import org.jspecify.annotations.NullMarked;
