/**
 * Billing: buying a plan through a payment processor (Stripe: Checkout, signed webhooks, each event handled once)
 * and the ledger of transactions (charges, refunds, credits) it reports for a workspace — the records the law
 * makes us keep (seven years, RT-02), with only the fields that need keeping. A card never reaches Custos: only
 * the processor's customer id, the card's brand and last four digits are kept (SC-08). Depends on the platform,
 * identity and workspace for access checks, usage (the plans it puts workspaces on) and audit.
 */
@NullMarked
@ApplicationModule(allowedDependencies = {"platform", "identity", "workspace", "usage", "audit"})
package dev.custos.billing;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
