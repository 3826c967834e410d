package dev.custos.usage;

import dev.custos.support.CustosIntegrationTest;

/** A test of an installation that bills ({@link BillingInstallation}). */
@BillingInstallation
public abstract class BillingOnTest extends CustosIntegrationTest {
}
