/**
 * Billing: the ledger of transactions (charges, refunds, credits) a payment processor reports for a workspace.
 * These are the records the law makes us keep (seven years, RT-02), with only the fields that need keeping.
 * Plans and the processor integration write here. Depends on the platform, and on identity and workspace for
 * access checks.
 */
@NullMarked
@ApplicationModule(allowedDependencies = {"platform", "identity", "workspace", "usage", "audit"})
package dev.custos.billing;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
