/**
 * Moving a workspace to another region's installation (TN-05): an explicit, audited operation of the two
 * installations' administrators. The first installation freezes the workspace and hands out its package (every row
 * of its tables, its keys and secrets, its members' accounts without their credentials) sealed under a transfer
 * key; the second takes it in, in one transaction, and answers with a receipt; given the receipt, the first erases
 * the workspace as a deleted one is. Depends on the platform, keys (the transfer), identity (who may, the accounts
 * that travel), workspace (the freeze, regions), agent (runs in progress), privacy (the data map, the erasure) and
 * audit.
 */
@NullMarked
@ApplicationModule(allowedDependencies = {"platform", "keys", "identity", "workspace", "agent", "privacy", "audit"})
package dev.custos.relocation;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
