/**
 * Backups (RT-05): the main database and the key store, each dumped from one snapshot and encrypted under a key only
 * the master key opens, written owner-only to the backup directory on their own schedules, kept at most 90 days (the
 * key store's for less), listed and made on demand by installation administrators, and restored at start into
 * empty databases. Depends on the platform (the dump and restore of a database, cluster jobs), keys (encryption,
 * the key store's own backups), identity (who may ask) and audit.
 */
@NullMarked
@ApplicationModule(allowedDependencies = {"platform", "keys", "identity", "audit"})
package dev.custos.backup;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
